// prisma/schema.prisma (SQLite) and prisma/postgres/schema.prisma must describe the same models, so
// the two generated clients have the same types and one control-plane code path serves both. Only
// the provider, the generator output and the cluster's own models may differ.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const read = (path: string) => readFileSync(fileURLToPath(new URL(path, import.meta.url)), 'utf8');
const SQLITE = read('../../../prisma/schema.prisma');
const POSTGRES = read('../../../prisma/postgres/schema.prisma');
const CLUSTER_ONLY = ['ClusterNode', 'ActorOwner'];

/** Each model with its doc comment and body, comments and blank lines dropped, spaces collapsed. */
function models(schema: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const match of schema.matchAll(/^model (\w+) \{\n([\s\S]*?)^\}/gm)) {
    const body = match[2]!
      .split('\n')
      .map((line) =>
        line
          .replace(/\/\/.*$/, '')
          .replace(/\s+/g, ' ')
          .trim(),
      )
      .filter(Boolean)
      .join('\n');
    found.set(match[1]!, body);
  }
  return found;
}

function block(schema: string, kind: 'generator' | 'datasource'): string {
  return schema.match(new RegExp(`^${kind} \\w+ \\{[\\s\\S]*?^\\}`, 'm'))?.[0] ?? '';
}

describe('the SQLite and PostgreSQL schema files', () => {
  it('have the same models, field for field, apart from the cluster tables', () => {
    const sqlite = models(SQLITE);
    const postgres = models(POSTGRES);
    expect(sqlite.size).toBeGreaterThan(5);
    for (const name of CLUSTER_ONLY) {
      expect(postgres.has(name), `${name} in the PostgreSQL schema`).toBe(true);
      expect(sqlite.has(name), `${name} is cluster-only`).toBe(false);
      postgres.delete(name);
    }
    expect([...postgres.keys()]).toEqual([...sqlite.keys()]);
    for (const [name, body] of sqlite) expect(postgres.get(name), `model ${name}`).toBe(body);
  });

  it('differ in the provider and the generated client folder only', () => {
    expect(block(SQLITE, 'datasource')).toContain('provider = "sqlite"');
    expect(block(POSTGRES, 'datasource')).toContain('provider = "postgresql"');
    expect(block(SQLITE, 'generator')).toContain('output   = "../server/storage/generated"');
    expect(block(POSTGRES, 'generator')).toContain('output   = "../../server/storage/generated-pg"');
    const withoutOutput = (generator: string) => generator.replace(/^\s*output\s*=.*$/m, '');
    expect(withoutOutput(block(POSTGRES, 'generator'))).toBe(withoutOutput(block(SQLITE, 'generator')));
  });
});
