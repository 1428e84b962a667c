// `troupe start` as a real process: headless (no dashboard build), from another working directory,
// JSON logs when stdout is a pipe, and a clean exit 0 on SIGTERM.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runTroupe } from '../server/test-support/run-child.ts';
import { absoluteFileUrl } from './start-command.ts';

const dir = mkdtempSync(join(tmpdir(), 'troupe-start-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('troupe start', () => {
  it('serves the control plane, logs JSON lines and exits 0 on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      [
        join(REPO_ROOT, 'bin', 'troupe.mjs'),
        'start',
        '--headless',
        '--port',
        '0',
        '--database',
        'file:./start.db',
      ],
      { cwd: dir, env: { ...process.env, TROUPE_DEMO: '0', LOG_LEVEL: 'info', NODE_ENV: 'production' } },
    );
    let stdout = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    await expect.poll(() => stdout, { timeout: 15_000 }).toContain('Troupe ready on');
    const ready = stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line))
      .find((line) => String(line.msg).startsWith('Troupe ready on'));
    expect(ready).toMatchObject({ level: 30, database: `file:${join(dir, 'start.db')}` }); // relative to where it ran
    const url = String(ready.msg).replace('Troupe ready on ', '');

    const health = await runTroupe(['health', '--url', url]);
    expect(health.code).toBe(0);
    expect(JSON.parse(health.stdout)).toMatchObject({ ok: true });

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stdout).toContain('"msg":"shutdown complete"');
  });

  it('resolves a relative DATABASE_URL against the directory it was run from', () => {
    expect(absoluteFileUrl('file:./data/x.db', '/srv/app')).toBe('file:/srv/app/data/x.db');
    expect(absoluteFileUrl('file:/abs/x.db?mode=rwc', '/srv')).toBe('file:/abs/x.db?mode=rwc');
    expect(absoluteFileUrl('file::memory:', '/srv')).toBe('file::memory:');
  });
});
