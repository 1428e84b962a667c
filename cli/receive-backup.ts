// The client half of `troupe backup`: download the server's copy into a file with progress, check
// that every announced byte arrived, and that the result opens as a sound SQLite database. Every
// failure becomes a CliFailure that says what to do (exit codes: exit-codes.ts).
import { createWriteStream, openSync, type WriteStream } from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream } from 'node:stream/web';
import Database from 'better-sqlite3';
import { BACKUP_PAGES_HEADER } from '../server/backup-route.ts';
import { CliFailure, EXIT } from './exit-codes.ts';

export interface ReceivedBackup {
  bytes: number;
  /** Pages the server copied (its header), when it said so. */
  pages: number | null;
}

/** Opens (truncating) the file the download goes to: an unwritable path fails here, clearly. */
export function openPartialFile(path: string): WriteStream {
  let fd: number;
  try {
    fd = openSync(path, 'w');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new CliFailure(EXIT.usage, 'NOT_WRITABLE', `cannot write ${path} (${code})`);
  }
  return createWriteStream(path, { fd });
}

export async function receiveBackup(
  url: string,
  token: string | undefined,
  out: WriteStream,
  onProgress: (received: number, total: number | null) => void,
): Promise<ReceivedBackup> {
  let response: Response;
  try {
    response = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  } catch (error) {
    out.destroy();
    throw new CliFailure(EXIT.connect, 'CONNECT', `cannot connect to ${url}: ${rootCause(error)}`);
  }
  if (!response.ok || !response.body) {
    out.destroy();
    throw await refusal(response, token !== undefined);
  }
  const announced = Number(response.headers.get('content-length') ?? Number.NaN);
  const total = Number.isFinite(announced) ? announced : null;
  let received = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      received += chunk.length;
      onProgress(received, total);
      done(null, chunk);
    },
  });
  try {
    await pipeline(Readable.fromWeb(response.body as ReadableStream), counter, out);
  } catch (error) {
    throw new CliFailure(
      EXIT.server,
      'INCOMPLETE',
      `the download broke off after ${received} bytes: ${rootCause(error)}`,
    );
  }
  if (total !== null && received !== total) {
    throw new CliFailure(EXIT.server, 'INCOMPLETE', `received ${received} of ${total} bytes`);
  }
  const pages = Number(response.headers.get(BACKUP_PAGES_HEADER) ?? Number.NaN);
  return { bytes: received, pages: Number.isFinite(pages) ? pages : null };
}

/** Opens the copy read-only and runs SQLite's quick_check; returns how many tables it holds. */
export function verifySqliteFile(path: string): number {
  let db: Database.Database | null = null;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new Error(`quick_check: ${String(check)}`);
    const row = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as {
      n: number;
    };
    return row.n;
  } catch (error) {
    throw new CliFailure(
      EXIT.server,
      'BAD_BACKUP',
      `the received copy is not a sound SQLite database (${(error as Error).message})`,
    );
  } finally {
    db?.close();
  }
}

async function refusal(response: Response, sentToken: boolean): Promise<CliFailure> {
  const said = await response
    .json()
    .then((body: { error?: unknown }) => (typeof body?.error === 'string' ? body.error : null))
    .catch(() => null);
  const status = `HTTP ${response.status}${said ? `: ${said}` : ''}`;
  if (response.status === 401) {
    const hint = sentToken
      ? 'the server refused this token (check --token / TROUPE_TOKEN)'
      : 'the server requires its access token: pass --token or set TROUPE_TOKEN';
    return new CliFailure(EXIT.server, 'UNAUTHORIZED', `${hint} (${status})`);
  }
  if (response.status === 404) {
    return new CliFailure(EXIT.notFound, 'NOT_FOUND', `no backup endpoint at ${response.url} (${status})`);
  }
  if (response.status === 503) {
    return new CliFailure(EXIT.busy, 'SERVICE_UNAVAILABLE', `the server is shutting down (${status})`);
  }
  return new CliFailure(EXIT.server, 'ERROR', `the server could not make the backup (${status})`);
}

/** `fetch failed` says nothing: the socket error under it (ECONNREFUSED 127.0.0.1:3000) does. */
function rootCause(error: unknown): string {
  let current: unknown = error;
  while (current instanceof Error && current.cause instanceof Error) current = current.cause;
  return current instanceof Error ? current.message : String(current);
}
