import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, resolveDatabasePath } from './database.ts';
import { applyMigrations } from './migrate.ts';
import { createPrismaClient, getPrisma } from './prisma.ts';

const MIGRATIONS = fileURLToPath(new URL('../../prisma/migrations', import.meta.url));

let dir: string;
let url: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'troupe-prisma-test-'));
  // A nested path also checks that openDatabase creates the parent directory.
  url = `file:${join(dir, 'nested', 'troupe.db')}`;
  const db = openDatabase(url);
  applyMigrations(db, MIGRATIONS);
  db.close();
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('resolveDatabasePath', () => {
  it('resolves relative file: URLs against the working directory', () => {
    expect(resolveDatabasePath('file:./data/troupe.db')).toBe(resolve(process.cwd(), 'data/troupe.db'));
    expect(resolveDatabasePath('file:/tmp/x.db?connection_limit=1')).toBe('/tmp/x.db');
    expect(resolveDatabasePath('file:///tmp/x.db')).toBe('/tmp/x.db');
    expect(resolveDatabasePath('file::memory:')).toBe(':memory:');
  });

  it('rejects URLs that are not SQLite files', () => {
    expect(() => resolveDatabasePath('postgres://localhost/troupe')).toThrow(/Unsupported database URL/);
  });
});

describe('openDatabase', () => {
  it('creates the file and sets the pragmas', () => {
    expect(existsSync(resolveDatabasePath(url))).toBe(true);
    const db = openDatabase(url);
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
      expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    } finally {
      db.close();
    }
  });
});

describe('Prisma client over the better-sqlite3 adapter', () => {
  it('writes and reads an ActorState row on the migrated database, in WAL mode', async () => {
    const prisma = createPrismaClient(url);
    try {
      const now = Date.now();
      await prisma.actorState.create({
        data: { type: 'counter', key: 'a', state: '{"n":1}', createdAt: now, updatedAt: now },
      });
      const row = await prisma.actorState.findUnique({ where: { type_key: { type: 'counter', key: 'a' } } });
      expect(row).toMatchObject({ type: 'counter', key: 'a', state: '{"n":1}', version: 0, labels: '{}' });
      expect(row?.createdAt).toBe(now);

      const [mode] = await prisma.$queryRawUnsafe<{ journal_mode: string }[]>('PRAGMA journal_mode');
      expect(mode?.journal_mode).toBe('wal');
    } finally {
      await prisma.$disconnect();
    }
  });

  it('sees rows written through the raw better-sqlite3 connection', async () => {
    const db = openDatabase(url);
    db.prepare(
      'INSERT INTO actor_state (type, key, state, created_at, updated_at) VALUES (?, ?, ?, ?, ?)',
    ).run('counter', 'raw', '{}', 1, 2);
    db.close();
    const prisma = createPrismaClient(url);
    try {
      expect(await prisma.actorState.count({ where: { type: 'counter' } })).toBe(2);
    } finally {
      await prisma.$disconnect();
    }
  });

  it('getPrisma keeps one client per URL for the whole process', async () => {
    const first = getPrisma(url);
    expect(getPrisma(url)).toBe(first);
    await first.$disconnect();
  });
});
