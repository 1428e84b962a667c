// The spawn form's state schema, read off each type's default state, and what actors.types returns
// for the example types: a default and a schema for public types, nothing for internal ones.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineActor } from '../runtime/definition.ts';
import { startTempTroupe } from '../test-support/temp-troupe.ts';
import { describeActorTypes } from './describe-actor-types.ts';
import { describeStateShape, schemaOfSample } from './state-schema.ts';

const noop = { input: z.object({}), handler: () => null };

describe('state schema', () => {
  it('types each property of the default, requires the non-null ones, and leaves nulls open', () => {
    expect(
      schemaOfSample({ count: 0, name: 'x', on: false, tags: [], cron: null, nested: { a: 1 } }),
    ).toEqual({
      type: 'object',
      properties: {
        count: { type: 'number' },
        name: { type: 'string' },
        on: { type: 'boolean' },
        tags: { type: 'array' },
        cron: {},
        nested: { type: 'object', properties: { a: { type: 'number' } }, required: ['a'] },
      },
      required: ['count', 'name', 'on', 'tags', 'nested'],
    });
  });

  it('gives no shape for a state() that throws or is not JSON data', () => {
    const throwing = defineActor({
      type: 'throws',
      state: () => {
        throw new Error('no');
      },
      actions: { noop },
    });
    const map = defineActor({ type: 'mapped', state: () => new Map(), actions: { noop } });
    expect(describeStateShape(throwing)).toBeNull();
    expect(describeStateShape(map)).toBeNull();
  });

  it('is part of actors.types for public types, and absent for internal ones', async () => {
    const temp = await startTempTroupe();
    try {
      const { id } = await temp.troupe.pipelines.create({
        name: 'shape',
        operators: [{ kind: 'filter', config: { op: '>', threshold: 1 } }],
      });
      expect(id).toBe('shape');
      const types = describeActorTypes(temp.troupe.runtime);
      const counter = types.find((t) => t.type === 'counter');
      expect(counter?.state).toEqual({
        initial: { count: 0 },
        schema: { type: 'object', properties: { count: { type: 'number' } }, required: ['count'] },
        source: 'inferred',
      });
      const internal = types.filter((t) => t.internal);
      expect(internal.length).toBeGreaterThan(0);
      expect(internal.every((t) => t.state === null)).toBe(true);
    } finally {
      await temp.close();
    }
  });
});
