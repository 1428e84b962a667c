// `troupe backup` as a real child process against real servers: the copy comes from the server at
// --url (not from a local file), lands in directories it creates, is a sound database holding what
// was committed, and every failure says why with its exit code.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runNode, runTroupe } from '../server/test-support/run-child.ts';
import { serveTroupe, serveTroupeForThisFile } from '../server/test-support/temp-troupe.ts';

const fixture = serveTroupeForThisFile();
const out = mkdtempSync(join(tmpdir(), 'troupe-backup-out-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const errorOf = (stderr: string) => JSON.parse(stderr.trim().split('\n').at(-1)!).error;

function countIn(file: string, key: string): number | undefined {
  const db = new Database(file, { readonly: true });
  try {
    const row = db.prepare('SELECT state FROM actor_state WHERE type = ? AND key = ?').get('counter', key) as
      | { state: string }
      | undefined;
    return row ? (JSON.parse(row.state) as { count: number }).count : undefined;
  } finally {
    db.close();
  }
}

describe('troupe backup', () => {
  it('asks the server at --url and writes the copy into directories it creates', async () => {
    await runTroupe([
      'actors',
      'invoke',
      'counter',
      'backup-1',
      'increment',
      '{"by":42}',
      '--url',
      fixture.url,
    ]);
    const file = join(out, 'nested', 'deeper', 'troupe.db');
    const run = await runTroupe(['backup', file, '--url', fixture.url]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(`asking ${fixture.url}`);
    expect(run.stderr).toMatch(/backup: [\d.]+ MiB \(\d+ pages, \d+ tables\) written to/);
    expect(JSON.parse(run.stdout)).toMatchObject({ destination: file, server: fixture.url });
    expect(countIn(file, 'backup-1')).toBe(42);
    // Only the copy: no .partial, and no -wal/-shm left by the verification.
    expect(readdirSync(join(out, 'nested', 'deeper'))).toEqual(['troupe.db']);
  });

  it('refuses to overwrite without --force (exit 3) and overwrites with it', async () => {
    const file = join(out, 'twice.db');
    expect((await runTroupe(['backup', file, '--url', fixture.url])).code).toBe(0);
    const again = await runTroupe(['backup', file, '--url', fixture.url]);
    expect(again.code).toBe(3);
    expect(errorOf(again.stderr)).toMatchObject({ code: 'CONFLICT' });
    expect((await runTroupe(['backup', file, '--url', fixture.url, '--force'])).code).toBe(0);
  });

  it('exits 6 when no server answers, leaving no file behind', async () => {
    const file = join(out, 'unreachable.db');
    const url = `http://127.0.0.1:${await closedPort()}`;
    const run = await runTroupe(['backup', file, '--url', url]);
    expect(run.code).toBe(6);
    expect(errorOf(run.stderr)).toMatchObject({ code: 'CONNECT' });
    expect(errorOf(run.stderr).message).toMatch(
      new RegExp(`cannot connect to ${url}/api/backup: .*ECONNREFUSED`),
    );
    expect(existsSync(file)).toBe(false);
    expect(existsSync(`${file}.partial`)).toBe(false);
  });

  it('exits 1 when the destination cannot be written', async () => {
    const blocker = join(out, 'a-file');
    writeFileSync(blocker, 'not a directory');
    const run = await runTroupe(['backup', join(blocker, 'troupe.db'), '--url', fixture.url]);
    expect(run.code).toBe(1);
    expect(errorOf(run.stderr)).toMatchObject({ code: 'NOT_WRITABLE' });
    expect(errorOf(run.stderr).message).toContain(`cannot create the directory ${blocker}`);
  });

  it('needs the token of a guarded server: exit 5 without or with a wrong one', async () => {
    const guarded = await serveTroupe(fixture.temp.troupe, { token: 'backup-secret' });
    try {
      const file = join(out, 'guarded.db');
      const without = await runTroupe(['backup', file, '--url', guarded.url]);
      expect(without.code).toBe(5);
      expect(errorOf(without.stderr)).toMatchObject({ code: 'UNAUTHORIZED' });
      expect(errorOf(without.stderr).message).toContain('pass --token or set TROUPE_TOKEN');
      const wrong = await runTroupe(['backup', file, '--url', guarded.url, '--token', 'nope']);
      expect(wrong.code).toBe(5);
      expect(errorOf(wrong.stderr).message).toContain('refused this token');
      expect(existsSync(file)).toBe(false);
      const right = await runTroupe(['backup', file, '--url', guarded.url], {
        TROUPE_TOKEN: 'backup-secret',
      });
      expect(right.code, right.stderr).toBe(0);
      expect(countIn(file, 'backup-1')).toBe(42);
    } finally {
      await guarded.stop();
    }
  });

  it('no longer reads a local database file: --database is not an option', async () => {
    const run = await runTroupe(['backup', join(out, 'x.db'), '--database', fixture.temp.databaseUrl]);
    expect(run.code).toBe(1);
  });

  it('runs as the README shows it against a real server process while writes continue', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'troupe-backup-cwd-'));
    const server = await startServerProcess(cwd);
    let writing = true;
    let committed = 0;
    const writes = (async () => {
      while (writing) {
        const answer = await fetch(`${server.url}/api/trpc/actors.invoke`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ json: { type: 'counter', key: 'backup-live', action: 'increment' } }),
        });
        if (answer.ok) committed++;
      }
    })();
    try {
      await expect.poll(() => committed, { timeout: 10_000 }).toBeGreaterThan(5);
      const before = committed;
      const run = await runNode([join(REPO_ROOT, 'bin', 'troupe.mjs'), 'backup', 'backups/troupe.db'], {
        cwd,
        env: { TROUPE_URL: server.url },
      });
      const after = committed;
      expect(run.code, run.stderr).toBe(0);
      const count = countIn(join(cwd, 'backups', 'troupe.db'), 'backup-live')!;
      // A consistent snapshot taken during the run: every write answered before it started is in it,
      // and at most the one in flight when it ended beyond those answered by then.
      expect(count).toBeGreaterThanOrEqual(before);
      expect(count).toBeLessThanOrEqual(after + 1);
    } finally {
      writing = false;
      await writes;
      await server.stop();
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});

/** A loopback port with nothing listening. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** `troupe start --headless` as its own process in `cwd`, on a free port and its own database. */
async function startServerProcess(cwd: string) {
  const child = spawn(
    process.execPath,
    [
      join(REPO_ROOT, 'bin', 'troupe.mjs'),
      'start',
      '--headless',
      '--port',
      '0',
      '--database',
      'file:./live.db',
    ],
    { cwd, env: { ...process.env, TROUPE_DEMO: '0', LOG_LEVEL: 'info', NODE_ENV: 'production' } },
  );
  let stdout = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  await expect.poll(() => stdout, { timeout: 20_000 }).toContain('Troupe ready on');
  const url = /Troupe ready on (http:\/\/[^"]+)/.exec(stdout)![1]!;
  return {
    url,
    async stop() {
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    },
  };
}
