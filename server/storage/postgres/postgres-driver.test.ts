import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { actorId } from '../../runtime/storage.ts';
import {
  alarmWrite,
  batch,
  describeStorageDriver,
  journalWrite,
  lifecycleWrite,
  stateWrite,
} from '../../runtime/testing/storage-conformance.ts';
import { createTestDatabase, emptyTables, type TestDatabase } from '../../test-support/postgres-database.ts';
import type { CommitFence } from './commit-fence.ts';
import { applyPostgresMigrations } from './migrate-postgres.ts';
import { PostgresDriver, type PostgresDriverOptions } from './postgres-driver.ts';

// One migrated database for the whole file, emptied before each test (tables truncated, sequences
// restarted): each test still starts from a fresh schema with no rows, without paying for a new
// database and its migrations every time. Every test closes its drivers (and their pools) first.
let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
  const pool = new pg.Pool({ connectionString: database.url, max: 1 });
  await applyPostgresMigrations(pool);
  await pool.end();
});

afterAll(async () => {
  await database?.drop();
});

const poolFor = () => new pg.Pool({ connectionString: database.url });

describeStorageDriver(
  'PostgresDriver',
  async () => {
    await emptyTables(database.url);
    const driver = new PostgresDriver(poolFor());
    return { driver, cleanup: () => driver.close() };
  },
  { rejectsNullColumns: true },
);

describe('PostgresDriver', () => {
  const drivers: PostgresDriver[] = [];
  const open = async (options: PostgresDriverOptions = {}) => {
    const driver = new PostgresDriver(poolFor(), options);
    drivers.push(driver);
    return driver;
  };

  beforeEach(async () => {
    await emptyTables(database.url);
  });
  afterEach(async () => {
    await Promise.all(drivers.splice(0).map((d) => d.close()));
  });

  describe('fenced commits', () => {
    /** Refuses one actor, and records that it ran inside the commit's transaction. */
    function refusing(type: string, key: string) {
      const calls: { actors: string[]; inTransaction: boolean }[] = [];
      const fence: CommitFence = {
        async refused(tx, actors) {
          const { rows } = await tx.query<{ inTransaction: boolean }>(
            'SELECT now() <> statement_timestamp() AS "inTransaction"',
          );
          calls.push({ actors: [...actors].sort(), inTransaction: rows[0]!.inTransaction });
          const id = actorId(type, key);
          return new Set(actors.has(id) ? [id] : []);
        },
      };
      return { fence, calls };
    }

    it("commits the batch's other writes and names the refused actor", async () => {
      const { fence, calls } = refusing('counter', 'moved');
      const driver = await open({ fence });
      const outcome = await driver.commit(
        batch({
          states: [stateWrite({ key: 'kept' }), stateWrite({ key: 'moved' })],
          alarmsAdded: [alarmWrite({ key: 'kept' }), alarmWrite({ key: 'moved' })],
          journal: [journalWrite({ key: 'kept' }), journalWrite({ key: 'moved' })],
          lifecycle: [lifecycleWrite({ key: 'moved' })],
          idempotency: [{ type: 'counter', key: 'moved', idemKey: 'k', result: '1', version: 2, at: 1 }],
        }),
      );
      expect(outcome).toEqual({ refused: new Set([actorId('counter', 'moved')]) });
      expect(calls).toEqual([
        { actors: [actorId('counter', 'kept'), actorId('counter', 'moved')], inTransaction: true },
      ]);
      expect((await driver.load('counter', 'kept'))?.version).toBe(2);
      expect(await driver.listAlarms('counter', 'kept')).toHaveLength(1);
      expect(await driver.readJournal('counter', 'kept', 10)).toHaveLength(1);
      expect(await driver.load('counter', 'moved')).toBeUndefined();
      expect(await driver.listAlarms('counter', 'moved')).toEqual([]);
      expect(await driver.readJournal('counter', 'moved', 10)).toEqual([]);
      expect(await driver.readLifecycle('counter', 'moved', 10)).toEqual([]);
      expect(await driver.findIdempotency('counter', 'moved', 'k')).toBeUndefined();
    });

    it('returns no outcome when nothing is refused, and rolls the whole batch back when the fence fails', async () => {
      let failing = false;
      const driver = await open({
        fence: {
          async refused() {
            if (failing) throw new Error('ownership table unreachable');
            return new Set();
          },
        },
      });
      expect(await driver.commit(batch({ states: [stateWrite()] }))).toBeUndefined();
      failing = true;
      await expect(driver.commit(batch({ states: [stateWrite({ key: 'b' })] }))).rejects.toThrow(
        'ownership table unreachable',
      );
      expect(await driver.load('counter', 'b')).toBeUndefined();
      failing = false; // the connection went back to the pool clean
      await driver.commit(batch({ states: [stateWrite({ key: 'b' })] }));
      expect(await driver.load('counter', 'b')).toBeDefined();
    });
  });

  describe('alarm claims across nodes', () => {
    it('never hands the same alarm to two drivers polling at once', async () => {
      const [a, b] = [await open(), await open()];
      const now = Date.now();
      const alarms = Array.from({ length: 300 }, (_, i) =>
        alarmWrite({ key: `k${i}`, dueAt: now - 1000 + i }),
      );
      await a.commit(batch({ alarmsAdded: alarms }));
      const got = { a: new Set<number>(), b: new Set<number>() };
      for (let round = 0; round < 10; round++) {
        const [fromA, fromB] = await Promise.all([a.dueAlarms(Date.now(), 40), b.dueAlarms(Date.now(), 40)]);
        for (const alarm of fromA) got.a.add(alarm.id);
        for (const alarm of fromB) got.b.add(alarm.id);
        // A driver hands its own claims back until they are deleted: delete what each fired.
        await a.commit(batch({ alarmsDeleted: fromA.map(({ id, type, key }) => ({ id, type, key })) }));
        await b.commit(batch({ alarmsDeleted: fromB.map(({ id, type, key }) => ({ id, type, key })) }));
      }
      expect([...got.a].filter((id) => got.b.has(id))).toEqual([]);
      expect(got.a.size + got.b.size).toBe(300);
      expect(got.a.size).toBeGreaterThan(0);
      expect(got.b.size).toBeGreaterThan(0);
    });

    it('lets an alarm claimed and not deleted fire elsewhere after the lease, with its attempts', async () => {
      const [a, b] = [await open({ alarmClaimMs: 300 }), await open({ alarmClaimMs: 300 })];
      const dueAt = Date.now() - 50;
      await a.commit(batch({ alarmsAdded: [alarmWrite({ dueAt })] }));
      const [stored] = await a.listAlarms('counter', 'a');
      await a.rescheduleAlarm(stored!.id, dueAt, 2);

      const [claimed] = await a.dueAlarms(Date.now(), 10);
      expect(claimed).toMatchObject({ id: stored!.id, dueAt, attempts: 2 });
      expect(await b.dueAlarms(Date.now(), 10)).toEqual([]); // claimed: not due for b
      expect(await a.dueAlarms(Date.now(), 10)).toEqual([claimed]); // a keeps it until its turn commits

      await new Promise((resolve) => setTimeout(resolve, 350)); // a "dies": its lease lapses
      const [again] = await b.dueAlarms(Date.now(), 10);
      // The same alarm and attempts; it is due since the lapsed claim ended (due_at held the lease).
      expect(again).toEqual({ ...claimed, dueAt: again!.dueAt });
      expect(again!.dueAt).toBeGreaterThan(dueAt);
      expect(again!.dueAt).toBeLessThanOrEqual(Date.now());
      expect(await a.dueAlarms(Date.now(), 10)).toEqual([]); // a sees b's claim and lets go
    });

    it('does not claim future alarms when peeked at beyond the clock (the runtime arms its timer so)', async () => {
      const [a, b] = [await open(), await open()];
      const soon = Date.now() + 200;
      await a.commit(
        batch({ alarmsAdded: [alarmWrite({ dueAt: soon }), alarmWrite({ key: 'b', dueAt: soon + 1 })] }),
      );
      const peek = await a.dueAlarms(Number.MAX_SAFE_INTEGER, 1);
      expect(peek.map((x) => [x.key, x.dueAt])).toEqual([['a', soon]]);
      expect(await a.nextAlarmDue()).toBe(soon);
      await new Promise((resolve) => setTimeout(resolve, 250));
      expect((await b.dueAlarms(Date.now(), 10)).map((x) => x.key)).toEqual(['a', 'b']);
    });

    it('delivers a due alarm that a peek claimed at the next poll', async () => {
      const driver = await open();
      const dueAt = Date.now() - 10;
      await driver.commit(
        batch({ alarmsAdded: [alarmWrite({ dueAt }), alarmWrite({ key: 'later', dueAt: dueAt + 60_000 })] }),
      );
      const peek = await driver.dueAlarms(Number.MAX_SAFE_INTEGER, 2);
      expect(peek.map((x) => x.key)).toEqual(['a', 'later']);
      expect(await driver.nextAlarmDue()).toBe(dueAt);
      expect((await driver.dueAlarms(Date.now(), 10)).map((x) => [x.key, x.dueAt])).toEqual([['a', dueAt]]);
    });
  });

  it('commits a batch of thousands of rows as one statement', async () => {
    const driver = await open();
    const n = 5000;
    await driver.commit(
      batch({
        states: Array.from({ length: n }, (_, i) =>
          stateWrite({ key: `k${i}`, state: `{"i":${i},"s":"\\"q\\" ✓"}` }),
        ),
        journal: Array.from({ length: n }, (_, i) => journalWrite({ version: i })),
      }),
    );
    expect((await driver.load('counter', 'k4999'))?.state).toBe('{"i":4999,"s":"\\"q\\" ✓"}');
    const newest = await driver.readJournal('counter', 'a', 3);
    expect(newest.map((e) => e.version)).toEqual([4999, 4998, 4997]);
  });
});
