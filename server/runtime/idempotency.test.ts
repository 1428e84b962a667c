// Idempotent invocations: a retry with the same key returns the first answer and applies nothing,
// whether the first is still queued, answered by this activation, an earlier one, or before a restart.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { counter } from '../../actors/counter.ts';
import { openDatabase } from '../storage/database.ts';
import { applyMigrations } from '../storage/migrate.ts';
import { SqliteDriver } from '../storage/sqlite-driver.ts';
import { defineActor } from './definition.ts';
import { Runtime } from './runtime.ts';
import { createTestRuntime, expectActorError } from './testing/test-kit.ts';

const flaky = defineActor({
  type: 'flaky',
  state: () => ({ count: 0, failNext: true }),
  actions: {
    bump: {
      input: z.object({}),
      handler: (ctx) => {
        ctx.state.count++;
        if (ctx.state.failNext) {
          ctx.state.failNext = false; // rolled back with the rest of the turn
          throw new Error('transient');
        }
        return ctx.state.count;
      },
    },
  },
});

describe('idempotency keys', () => {
  it('applies concurrent retries with one key once, and every caller gets the first answer', async () => {
    const t = await createTestRuntime({ types: [counter] });
    const ref = t.runtime.get('counter', 'a');
    const calls = Array.from({ length: 5 }, () =>
      ref.askWithVersion('increment', { by: 10 }, { idempotencyKey: 'k1' }),
    );
    expect(await Promise.all(calls)).toEqual(Array.from({ length: 5 }, () => ({ result: 10, version: 1 })));
    expect(await ref.ask('increment', { by: 1 }, { idempotencyKey: 'k2' })).toBe(11);
    expect(await ref.ask('get')).toBe(11);
  });

  it('answers a retry from storage after the actor was deactivated, without applying it', async () => {
    const t = await createTestRuntime({ types: [counter] });
    const ref = t.runtime.get('counter', 'a');
    await ref.ask('increment', { by: 5 }, { idempotencyKey: 'once' });
    await t.runtime.deactivate('counter', 'a');
    expect(await ref.askWithVersion('increment', { by: 5 }, { idempotencyKey: 'once' })).toEqual({
      result: 5,
      version: 1,
    });
    expect(await ref.ask('get')).toBe(5);
  });

  it('does not record a failed turn: the retry applies the action', async () => {
    const t = await createTestRuntime({ types: [flaky] });
    const ref = t.runtime.get('flaky', 'f');
    await expectActorError(ref.ask('bump', {}, { idempotencyKey: 'r' }), 'ACTION_FAILED');
    // failNext was rolled back too, so the retry fails again: the first attempt left no trace.
    await expectActorError(ref.ask('bump', {}, { idempotencyKey: 'r' }), 'ACTION_FAILED');
  });

  it('forgets keys after the dedup window', async () => {
    const t = await createTestRuntime({ types: [counter], idempotencyTtlMs: 60_000 });
    const ref = t.runtime.get('counter', 'a');
    await ref.ask('increment', { by: 1 }, { idempotencyKey: 'old' });
    await t.runtime.deactivate('counter', 'a'); // drop the in-memory copy too
    await t.clock.advance(125_000);
    expect(await ref.ask('increment', { by: 1 }, { idempotencyKey: 'old' })).toBe(2);
  });

  it('survives a restart on SQLite: the retry after the restart is answered, not applied', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'troupe-idem-'));
    const migrations = fileURLToPath(new URL('../../prisma/migrations', import.meta.url));
    const open = () => {
      const db = openDatabase(`file:${join(dir, 'db.sqlite')}`);
      applyMigrations(db, migrations);
      return { db, runtime: new Runtime({ driver: new SqliteDriver(db), types: [counter] }) };
    };
    try {
      const first = open();
      await first.runtime.start();
      expect(
        await first.runtime.get('counter', 'c').ask('increment', { by: 3 }, { idempotencyKey: 'x' }),
      ).toBe(3);
      await first.runtime.stop();
      first.db.close();

      const second = open();
      await second.runtime.start();
      const ref = second.runtime.get('counter', 'c');
      expect(await ref.askWithVersion('increment', { by: 3 }, { idempotencyKey: 'x' })).toEqual({
        result: 3,
        version: 1,
      });
      expect(await ref.ask('get')).toBe(3);
      await second.runtime.stop();
      second.db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
