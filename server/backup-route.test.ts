// GET /api/backup on the real HTTP server: behind the token, GET only, and the body is a complete,
// self-contained SQLite database with everything committed so far (runtime and Prisma writes).
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKUP_CONTENT_TYPE, BACKUP_PAGES_HEADER } from './backup-route.ts';
import { serveTroupe, startTempTroupe, type TempTroupe } from './test-support/temp-troupe.ts';

const TOKEN = 'backup-route-token';
let temp: TempTroupe;
let served: Awaited<ReturnType<typeof serveTroupe>>;
const out = mkdtempSync(join(tmpdir(), 'troupe-backup-route-'));

beforeAll(async () => {
  temp = await startTempTroupe();
  served = await serveTroupe(temp.troupe, { token: TOKEN });
});
afterAll(async () => {
  await served.stop();
  await temp.close();
  rmSync(out, { recursive: true, force: true });
});

const backup = (init: RequestInit = {}) => fetch(`${served.url}/api/backup`, init);
const bearer = { authorization: `Bearer ${TOKEN}` };

describe('GET /api/backup', () => {
  it('answers 401 without the token and 405 to other methods', async () => {
    const anonymous = await backup();
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer');
    expect(await anonymous.json()).toEqual({ error: expect.stringContaining('token') });
    expect((await backup({ headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    const post = await backup({ method: 'POST', headers: bearer });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET');
  });

  it('streams a self-contained database holding every committed write', async () => {
    await temp.troupe.runtime.get('counter', 'route-1').ask('increment', { by: 7 });
    await temp.troupe.prisma.pipeline.count(); // Prisma's own connection is open too
    const answer = await backup({ headers: bearer });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe(BACKUP_CONTENT_TYPE);
    expect(answer.headers.get('content-disposition')).toMatch(/^attachment; filename="troupe-.+\.db"$/);
    expect(Number(answer.headers.get(BACKUP_PAGES_HEADER))).toBeGreaterThan(1);
    const body = Buffer.from(await answer.arrayBuffer());
    expect(body.length).toBe(Number(answer.headers.get('content-length')));
    expect(body.subarray(0, 16).toString('latin1')).toBe('SQLite format 3\0');

    const file = join(out, 'copy.db');
    writeFileSync(file, body);
    const db = new Database(file, { readonly: true });
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('delete');
      const row = db.prepare('SELECT state FROM actor_state WHERE key = ?').get('route-1') as {
        state: string;
      };
      expect(JSON.parse(row.state)).toEqual({ count: 7 });
      const migrations = db.prepare('SELECT count(*) AS n FROM _prisma_migrations').get() as { n: number };
      expect(migrations.n).toBeGreaterThan(0);
    } finally {
      db.close();
    }
    // Read-only opening of a rollback-journal database leaves nothing beside it.
    expect(readdirSync(out)).toEqual(['copy.db']);
  });
});
