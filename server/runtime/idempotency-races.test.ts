// Idempotency at most once, always: whatever memory holds (a full answer memory, a fresh activation
// after a deactivation racing the retry), the durable record decides. A property drives random
// interleavings of keyed increments, bursts of other keys and deactivations, and checks that every
// key was applied exactly once and every caller of a key got the same answer.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { counter } from '../../actors/counter.ts';
import { openDatabase } from '../storage/database.ts';
import { applyMigrations } from '../storage/migrate.ts';
import { SqliteDriver } from '../storage/sqlite-driver.ts';
import { Runtime } from './runtime.ts';
import { createTestRuntime, deferred, expectActorError } from './testing/test-kit.ts';

type Step =
  | { kind: 'calls'; keys: number[] }
  | { kind: 'burst'; size: number }
  | { kind: 'deactivate' }
  | { kind: 'settle' };

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('calls' as const),
      keys: fc.array(fc.nat(5), { minLength: 1, maxLength: 6 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('burst' as const), size: fc.integer({ min: 1, max: 300 }) }),
  },
  { weight: 2, arbitrary: fc.constant({ kind: 'deactivate' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'settle' as const }) },
);

describe('idempotency races', () => {
  it('K0, then 256 other keys, then K0 again in one burst applies K0 once', async () => {
    const t = await createTestRuntime({ types: [counter] });
    const ref = t.runtime.get('counter', 'burst');
    const first = ref.ask('increment', { by: 1 }, { idempotencyKey: 'K0' });
    const others = Array.from({ length: 256 }, (_, i) =>
      ref.ask('increment', { by: 1 }, { idempotencyKey: `other-${i}` }),
    );
    const again = ref.ask('increment', { by: 1 }, { idempotencyKey: 'K0' });
    await Promise.all([first, ...others, again]);
    expect(await again).toBe(await first);
    expect(await ref.ask('get')).toBe(257);
  });

  it('a retry racing a deactivation is applied once (the first commit still in flight)', async () => {
    const t = await createTestRuntime({ types: [counter] });
    const ref = t.runtime.get('counter', 'race');
    for (let round = 0; round < 20; round++) {
      const key = `r-${round}`;
      await ref.ask('get'); // resident and active, so the deactivation really races the retry
      const commit = deferred();
      t.driver.hold = commit.promise;
      const first = ref.ask('increment', { by: 1 }, { idempotencyKey: key });
      await new Promise((resolve) => setImmediate(resolve)); // the turn ran; its commit is held open
      const leaving = t.runtime.deactivate('counter', 'race');
      const retry = ref.ask('increment', { by: 1 }, { idempotencyKey: key });
      await new Promise((resolve) => setImmediate(resolve));
      t.driver.hold = null;
      commit.resolve();
      await Promise.all([first, leaving, retry]);
      expect(await retry).toBe(await first);
    }
    expect(await ref.ask('get')).toBe(20);
  });

  it('property: every key applied exactly once, every caller of a key gets one answer', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 25 }), async (steps) => {
        const t = await createTestRuntime({ types: [counter] });
        const ref = t.runtime.get('counter', 'p');
        const answers = new Map<string, Promise<unknown>[]>();
        const pending: Promise<unknown>[] = [];
        let bursts = 0;
        const call = (key: string) => {
          const answer = ref.ask('increment', { by: 1 }, { idempotencyKey: key });
          answers.set(key, [...(answers.get(key) ?? []), answer]);
          pending.push(answer);
        };
        let unsettled = 0;
        for (const s of steps) {
          // The mailbox holds 1,000: settle before a step could overflow it (OVERLOADED is not the point).
          const adds = s.kind === 'calls' ? s.keys.length : s.kind === 'burst' ? s.size : 0;
          if (unsettled + adds > 900) {
            await Promise.all(pending);
            unsettled = 0;
          }
          unsettled += adds;
          if (s.kind === 'calls') for (const k of s.keys) call(`k${k}`);
          else if (s.kind === 'burst') for (let i = 0; i < s.size; i++) call(`b${bursts++}`);
          else if (s.kind === 'deactivate') pending.push(t.runtime.deactivate('counter', 'p'));
          else {
            await Promise.all(pending);
            unsettled = 0;
          }
        }
        await Promise.all(pending);
        for (const [key, promises] of answers) {
          const values = new Set(await Promise.all(promises));
          if (values.size !== 1) throw new Error(`key ${key} got ${[...values].join(', ')}`);
        }
        expect(await ref.ask('get')).toBe(answers.size);
        await t.runtime.stop();
      }),
      { numRuns: 30 },
    );
  }, 60_000);

  it('holds on the SQLite driver too, across a deactivation between bursts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'troupe-idem-race-'));
    const db = openDatabase(`file:${join(dir, 'db.sqlite')}`);
    applyMigrations(db, fileURLToPath(new URL('../../prisma/migrations', import.meta.url)));
    const runtime = new Runtime({ driver: new SqliteDriver(db), types: [counter] });
    try {
      await runtime.start();
      const ref = runtime.get('counter', 's');
      const calls: Promise<unknown>[] = [];
      const send = () => {
        for (let i = 0; i < 300; i++)
          calls.push(ref.ask('increment', { by: 1 }, { idempotencyKey: `s${i % 280}` }));
      };
      send();
      calls.push(runtime.deactivate('counter', 's'));
      send();
      await Promise.all(calls);
      expect(await ref.ask('get')).toBe(280);
    } finally {
      await runtime.stop();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('keyed tells', () => {
  it('are refused at once like unkeyed tells (bad args, unknown action, prototype names)', async () => {
    const t = await createTestRuntime({ types: [counter] });
    for (const key of [undefined, 'tell-key']) {
      expect(t.runtime.tryTell('counter', 'a', 'increment', { by: 'x' }, key)?.code).toBe('BAD_INPUT');
      expect(t.runtime.tryTell('counter', 'a', 'nope', {}, key)?.code).toBe('NOT_FOUND');
      expect(t.runtime.tryTell('counter', 'a', 'constructor', {}, key)?.code).toBe('NOT_FOUND');
    }
    expect(t.runtime.tryTell('counter', 'a', 'increment', { by: 2 }, 'once')).toBeNull();
    expect(t.runtime.tryTell('counter', 'a', 'increment', { by: 2 }, 'once')).toBeNull();
    await expectActorError(t.runtime.get('counter', 'a').ask('toString'), 'NOT_FOUND');
    expect(await t.runtime.get('counter', 'a').ask('get')).toBe(2);
  });
});
