// Opens Troupe's SQLite file with better-sqlite3 for the runtime's raw-SQL hot path and the migrator.
// The Prisma adapter opens its own connection to the same file (see prisma.ts).
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';

/**
 * Filesystem path of a `file:` database URL, resolved against process.cwd() as Prisma's adapter does.
 * A query string (`?connection_limit=1`, from Prisma-style URLs) is ignored; `:memory:` passes through.
 */
export function resolveDatabasePath(url: string): string {
  if (!url.startsWith('file:')) {
    throw new Error(
      `Unsupported database URL "${url}": expected a SQLite file URL such as file:./data/troupe.db`,
    );
  }
  const path =
    url
      .slice('file:'.length)
      .replace(/^\/\/(?=\/)/, '')
      .split('?')[0] ?? '';
  if (path === '') throw new Error(`Database URL "${url}" has no path`);
  return path === ':memory:' ? path : resolve(process.cwd(), path);
}

export function openDatabase(url: string): Database.Database {
  const path = resolveDatabasePath(url);
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  // WAL lets Prisma's connection read while the runtime writes; NORMAL is durable across process
  // crashes in WAL mode (only an OS crash can lose the last commits) and avoids an fsync per commit.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  // Wait for the other connection's write lock instead of failing with SQLITE_BUSY.
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  return db;
}
