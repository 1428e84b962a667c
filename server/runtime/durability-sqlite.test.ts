// End to end over the real SqliteDriver on a temp file: state, version, journal and alarms survive
// stop() and a new Runtime on the same file (the durable-counter workload across a restart).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { counter } from '../../actors/counter.ts';
import { openDatabase } from '../storage/database.ts';
import { applyMigrations } from '../storage/migrate.ts';
import { SqliteDriver } from '../storage/sqlite-driver.ts';
import { Runtime } from './runtime.ts';
import { ManualClock } from './testing/manual-clock.ts';
import { probeControl, probeType } from './testing/test-kit.ts';

const MIGRATIONS = fileURLToPath(new URL('../../prisma/migrations', import.meta.url));

function openDriver(file: string): SqliteDriver {
  const db = openDatabase(`file:${file}`);
  applyMigrations(db, MIGRATIONS);
  return new SqliteDriver(db);
}

describe('runtime over SqliteDriver', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'troupe-runtime-sqlite-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps state and version across stop() and a new Runtime on the same file', async () => {
    const file = join(dir, 'troupe.db');
    const clock = new ManualClock();
    const control = probeControl();

    const firstDriver = openDriver(file);
    const first = new Runtime({ driver: firstDriver, clock, types: [counter, probeType(control)] });
    await first.start();
    const ref = first.get('counter', 'rivet-1');
    const results = await Promise.all(Array.from({ length: 25 }, () => ref.ask<number>('increment')));
    expect(Math.max(...results)).toBe(25);
    expect(await ref.askWithVersion('increment', { by: 17 })).toEqual({ result: 42, version: 26 });
    await first.get('probe', 'later').ask('schedule', { afterMs: 60_000, action: 'ring' });
    await first.stop();
    await firstDriver.close();

    const secondDriver = openDriver(file);
    try {
      const second = new Runtime({ driver: secondDriver, clock, types: [counter, probeType(control)] });
      await second.start();
      const again = second.get('counter', 'rivet-1');
      expect(await again.askWithVersion('get')).toEqual({ result: 42, version: 26 });
      expect(await again.askWithVersion('increment')).toEqual({ result: 43, version: 27 });
      expect((await secondDriver.load('counter', 'rivet-1'))!.activations).toBe(2);
      const journal = await secondDriver.readJournal('counter', 'rivet-1', 3);
      expect(journal.map((e) => [e.action, e.version])).toEqual([
        ['increment', 27],
        ['get', 26],
        ['increment', 26],
      ]);

      await clock.advance(60_000); // the alarm scheduled before the restart fires now
      expect(control.ringCalls).toBe(1);
      expect(await second.get('probe', 'later').ask('state')).toMatchObject({ rings: 1 });
      expect(await secondDriver.listAlarms('probe', 'later')).toEqual([]);
      await second.stop();
    } finally {
      await secondDriver.close();
    }
  });
});
