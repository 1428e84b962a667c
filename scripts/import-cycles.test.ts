// The module graph stays acyclic: a cycle makes load order matter and layers leak into each other.
import { expect, it } from 'vitest';
import { findImportCycles } from './import-cycles.ts';

it('has no import cycles among the project modules', () => {
  expect(findImportCycles()).toEqual([]);
});
