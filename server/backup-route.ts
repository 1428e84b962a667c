// GET /api/backup: a consistent copy of the live SQLite database, streamed to the caller (the
// `troupe backup` CLI). SQLite's online backup API (better-sqlite3 `db.backup()`) copies a snapshot
// that includes the WAL while the server keeps writing: copying troupe.db itself can miss commits
// still in troupe.db-wal, or tear. The copy goes to a temporary file first so the response can say
// its exact length (the client checks it received everything), then the file is streamed and deleted.
// @see https://github.com/WiseLibs/better-sqlite3/blob/master/docs/api.md#backupdestination-options---promise
// @see https://www.sqlite.org/backup.html
import { createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import Database from 'better-sqlite3';
import { isAuthorized, presentedToken } from './auth.ts';

export const BACKUP_PATH = '/api/backup';
/** The SQLite file format's registered media type. */
export const BACKUP_CONTENT_TYPE = 'application/vnd.sqlite3';
/** Header with the number of database pages the copy holds. */
export const BACKUP_PAGES_HEADER = 'x-troupe-backup-pages';
/**
 * Pages copied per step (4 KiB each: 8 MiB, a few ms of the event loop). Between steps the runtime
 * commits; its writes go through the same connection, so SQLite updates the copy in place. A write
 * from Prisma's own connection restarts the copy: larger steps finish it before that recurs.
 */
const PAGES_PER_STEP = 2048;

export async function serveBackup(
  db: Database.Database,
  req: IncomingMessage,
  res: ServerResponse,
  token: string | undefined,
): Promise<void> {
  if (!isAuthorized(token, presentedToken(req.headers))) {
    answer(res, 401, 'a valid token is required (Authorization: Bearer <TROUPE_TOKEN>)', {
      'www-authenticate': 'Bearer',
    });
    return;
  }
  if (req.method !== 'GET') {
    answer(res, 405, 'use GET', { allow: 'GET' });
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'troupe-backup-'));
  try {
    const file = join(dir, 'troupe.db');
    const { totalPages } = await db.backup(file, { progress: () => PAGES_PER_STEP });
    selfContained(file);
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    res.writeHead(200, {
      'content-type': BACKUP_CONTENT_TYPE,
      'content-length': statSync(file).size,
      'content-disposition': `attachment; filename="troupe-${stamp}.db"`,
      'cache-control': 'no-store',
      [BACKUP_PAGES_HEADER]: totalPages,
    });
    // A client that leaves mid-way rejects the pipeline: its connection is already gone.
    await pipeline(createReadStream(file), res).catch(() => res.destroy());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The copy keeps the source's WAL mode in its header: anything that opens it (even read-only) would
 * then create -wal and -shm files beside it. As a rollback-journal database it is one plain file;
 * the server switches it back to WAL when it opens it after a restore.
 */
function selfContained(file: string): void {
  const copy = new Database(file);
  try {
    copy.pragma('journal_mode = DELETE');
  } finally {
    copy.close();
  }
}

function answer(res: ServerResponse, status: number, error: string, headers: Record<string, string>) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify({ error }));
}
