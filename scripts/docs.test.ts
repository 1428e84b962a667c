// Docs that must not drift from the code: every environment variable of server/env.ts is documented.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');

describe('docs/configuration.md', () => {
  it('lists every variable of the env schema', () => {
    const variables = [...read('server/env.ts').matchAll(/^ {2}([A-Z][A-Z0-9_]+): z/gm)].map((m) => m[1]!);
    expect(variables).toContain('DATABASE_URL');
    const doc = read('docs/configuration.md');
    for (const variable of variables) expect(doc, variable).toContain(`| \`${variable}\``);
  });
});
