// docs/api.md is generated from the router; this keeps the committed file from drifting.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appRouter } from '../server/api/root.ts';
import { generateApiDocs } from './gen-api-docs.ts';

describe('docs/api.md', () => {
  const generated = generateApiDocs();

  it('documents every procedure with its input schema', () => {
    for (const path of Object.keys(appRouter._def.procedures)) expect(generated).toContain(`## ${path}\n`);
    expect(generated).toMatch(/## actors\.invoke[\s\S]*?"action": \{\s*"type": "string"/);
  });

  it('is up to date (run `npm run docs:api` after changing the router)', () => {
    const committed = readFileSync(join(import.meta.dirname, '..', 'docs', 'api.md'), 'utf8');
    expect(committed).toBe(generated);
  });
});
