// The one conformance suite of the StorageDriver contract (storage.ts). Every driver's test file calls
// describeStorageDriver, so the memory driver the runtime tests use and the SQLite driver production
// uses cannot drift apart. Each test gets a fresh, empty driver from makeDriver.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type AlarmDelete,
  type AlarmWrite,
  type CommitBatch,
  emptyBatch,
  type JournalWrite,
  type LifecycleWrite,
  type StateWrite,
  type StorageDriver,
  type StorageReader,
  type StoredActor,
  type StoredAlarm,
} from '../storage.ts';

export interface DriverUnderTest {
  driver: StorageDriver & StorageReader;
  /** Must tolerate a driver the test already closed. */
  cleanup(): Promise<void>;
}

export interface ConformanceOptions {
  /**
   * The driver rejects a row with a null in a required column (a database constraint). That is the
   * only way to make a commit fail half-way through the public interface, which the atomicity tests need.
   */
  rejectsNullColumns?: boolean;
}

const T0 = 1_764_000_000_123;

export function actor(overrides: Partial<StoredActor> = {}): StoredActor {
  return {
    type: 'counter',
    key: 'a',
    state: JSON.stringify({ count: 1, note: 'héllo ✓' }),
    version: 1,
    labels: { team: 'red', tier: 'gold' },
    config: { idleTimeoutMs: 30_000 },
    activations: 2,
    createdAt: T0,
    updatedAt: T0 + 5,
    lastActiveAt: null,
    ...overrides,
  };
}

export function stateWrite(overrides: Partial<StateWrite> = {}): StateWrite {
  return {
    type: 'counter',
    key: 'a',
    state: '{"count":2}',
    version: 2,
    labels: { team: 'blue' },
    config: {},
    activations: 3,
    lastActiveAt: T0 + 100,
    at: T0 + 100,
    ...overrides,
  };
}

export function alarmWrite(overrides: Partial<AlarmWrite> = {}): AlarmWrite {
  return {
    type: 'counter',
    key: 'a',
    action: 'tick',
    args: '[1,"x"]',
    dueAt: T0 + 1000,
    cron: null,
    ...overrides,
  };
}

export function journalWrite(overrides: Partial<JournalWrite> = {}): JournalWrite {
  return {
    type: 'counter',
    key: 'a',
    version: 1,
    action: 'increment',
    input: '[1]',
    result: '2',
    error: null,
    state: '{"count":2}',
    durationMs: 0.25,
    at: T0 + 10,
    ...overrides,
  };
}

export function lifecycleWrite(overrides: Partial<LifecycleWrite> = {}): LifecycleWrite {
  return { type: 'counter', key: 'a', event: 'activated', reason: null, at: T0 + 20, ...overrides };
}

export function batch(parts: Partial<CommitBatch>): CommitBatch {
  return { ...emptyBatch(), ...parts };
}

export function describeStorageDriver(
  name: string,
  makeDriver: () => Promise<DriverUnderTest>,
  options: ConformanceOptions = {},
): void {
  describe(`StorageDriver conformance: ${name}`, () => {
    let current: DriverUnderTest;
    let driver: StorageDriver & StorageReader;

    beforeEach(async () => {
      current = await makeDriver();
      driver = current.driver;
    });
    afterEach(async () => {
      await current.cleanup();
    });

    describe('actors', () => {
      it('loads a missing actor as undefined', async () => {
        expect(await driver.load('counter', 'nobody')).toBeUndefined();
      });

      it('round-trips every field through create and load', async () => {
        const withNull = actor();
        const withTimes = actor({ key: 'b', lastActiveAt: T0 + 7, labels: {}, config: {}, version: 0 });
        expect(await driver.create(withNull)).toBe(true);
        expect(await driver.create(withTimes)).toBe(true);
        expect(await driver.load('counter', 'a')).toEqual(withNull);
        expect(await driver.load('counter', 'b')).toEqual(withTimes);
      });

      it('refuses to create an existing actor and changes nothing', async () => {
        const original = actor();
        await driver.create(original);
        expect(await driver.create(actor({ state: '{"other":true}', version: 9, createdAt: T0 + 1 }))).toBe(
          false,
        );
        expect(await driver.load('counter', 'a')).toEqual(original);
      });

      it('keys actors by type and key together', async () => {
        await driver.create(actor({ type: 'counter', key: 'x', state: '"c"' }));
        await driver.create(actor({ type: 'timer', key: 'x', state: '"t"' }));
        expect((await driver.load('counter', 'x'))?.state).toBe('"c"');
        expect((await driver.load('timer', 'x'))?.state).toBe('"t"');
      });

      it('hands out copies that callers cannot alias', async () => {
        await driver.create(actor());
        const loaded = (await driver.load('counter', 'a'))!;
        loaded.labels.team = 'mutated';
        loaded.config.idleTimeoutMs = 1;
        expect(await driver.load('counter', 'a')).toEqual(actor());
      });
    });

    describe('commit: states', () => {
      it('inserts a new actor with createdAt and updatedAt from the write', async () => {
        const write = stateWrite();
        await driver.commit(batch({ states: [write] }));
        expect(await driver.load('counter', 'a')).toEqual({
          type: 'counter',
          key: 'a',
          state: write.state,
          version: write.version,
          labels: write.labels,
          config: write.config,
          activations: write.activations,
          createdAt: write.at,
          updatedAt: write.at,
          lastActiveAt: write.lastActiveAt,
        });
      });

      it('updates every field of an existing actor but keeps its createdAt', async () => {
        await driver.create(actor());
        const write = stateWrite({ config: { idleTimeoutMs: 5 }, labels: { a: '1', b: '2' } });
        await driver.commit(batch({ states: [write] }));
        expect(await driver.load('counter', 'a')).toEqual({
          type: 'counter',
          key: 'a',
          state: write.state,
          version: write.version,
          labels: write.labels,
          config: write.config,
          activations: write.activations,
          createdAt: T0,
          updatedAt: write.at,
          lastActiveAt: write.lastActiveAt,
        });
      });

      it('never lets an older version overwrite a newer one', async () => {
        await driver.commit(batch({ states: [stateWrite({ version: 5, state: '"v5"' })] }));
        await driver.commit(batch({ states: [stateWrite({ version: 4, state: '"v4"', at: T0 + 999 })] }));
        const loaded = await driver.load('counter', 'a');
        expect(loaded?.state).toBe('"v5"');
        expect(loaded?.version).toBe(5);
        expect(loaded?.updatedAt).toBe(T0 + 100);
      });

      it('applies the newest version when one batch holds several writes of an actor', async () => {
        const states = [
          stateWrite({ version: 2, state: '"v2"' }),
          stateWrite({ version: 3, state: '"v3"' }),
          stateWrite({ version: 1, state: '"v1"' }),
        ];
        await driver.commit(batch({ states }));
        expect((await driver.load('counter', 'a'))?.state).toBe('"v3"');
      });

      it('lets an equal version overwrite (a re-commit of the same turn)', async () => {
        await driver.commit(batch({ states: [stateWrite({ version: 2, state: '"first"' })] }));
        await driver.commit(batch({ states: [stateWrite({ version: 2, state: '"again"' })] }));
        expect((await driver.load('counter', 'a'))?.state).toBe('"again"');
      });

      it('accepts an empty batch', async () => {
        await driver.commit(emptyBatch());
        expect(await driver.nextAlarmDue()).toBeUndefined();
      });
    });

    describe('commit: atomicity', () => {
      // A batch that touches every table before failing on its last row of `failing`.
      async function expectFailedBatchInvisible(failing: 'states' | 'lifecycle') {
        await driver.create(actor({ key: 'old', state: '"before"' }));
        await driver.commit(batch({ alarmsAdded: [alarmWrite({ key: 'old' })] }));
        const [oldAlarm] = await driver.listAlarms('counter', 'old');
        const nullState = null as unknown as string;
        const nullEvent = null as unknown as string;
        const bad = batch({
          states: [
            stateWrite({ key: 'new' }),
            stateWrite({ key: 'old', version: 7, state: '"after"' }),
            ...(failing === 'states' ? [stateWrite({ key: 'broken', state: nullState })] : []),
          ],
          alarmsAdded: [alarmWrite({ key: 'new' })],
          alarmsDeleted: [deletionOf(oldAlarm!)],
          journal: [journalWrite({ key: 'old' })],
          lifecycle: [
            lifecycleWrite({ key: 'old' }),
            ...(failing === 'lifecycle' ? [lifecycleWrite({ key: 'old', event: nullEvent })] : []),
          ],
        });

        await expect(driver.commit(bad)).rejects.toThrow();

        expect(await driver.load('counter', 'new')).toBeUndefined();
        expect(await driver.load('counter', 'broken')).toBeUndefined();
        expect((await driver.load('counter', 'old'))?.state).toBe('"before"');
        expect(await driver.listAlarms('counter', 'new')).toEqual([]);
        expect(await driver.listAlarms('counter', 'old')).toEqual([oldAlarm]);
        expect(await driver.readJournal('counter', 'old', 10)).toEqual([]);
        expect(await driver.readLifecycle('counter', 'old', 10)).toEqual([]);

        // The failed transaction must not linger: the next batch goes through.
        await driver.commit(batch({ states: [stateWrite({ key: 'new' })] }));
        expect(await driver.load('counter', 'new')).toBeDefined();
      }

      // Drivers without column constraints (the memory driver) accept the null, so the interface offers
      // no way to fail their commit half-way; the case is skipped for them rather than simulated.
      it.skipIf(!options.rejectsNullColumns)('leaves nothing of a batch that fails on its last state', () =>
        expectFailedBatchInvisible('states'),
      );
      it.skipIf(!options.rejectsNullColumns)(
        'leaves nothing of a batch that fails on its last lifecycle entry',
        () => expectFailedBatchInvisible('lifecycle'),
      );
    });

    describe('alarms', () => {
      it('gives added alarms distinct ids, zero attempts and their written fields', async () => {
        const writes = [
          alarmWrite({ dueAt: T0 + 2 }),
          alarmWrite({ action: 'other', args: 'null', dueAt: T0 + 1 }),
        ];
        await driver.commit(batch({ alarmsAdded: writes }));
        const listed = await driver.listAlarms('counter', 'a');
        expect(listed).toHaveLength(2);
        expect(listed.map(({ id, createdAt, ...rest }) => rest)).toEqual([
          { ...writes[1], attempts: 0 },
          { ...writes[0], attempts: 0 },
        ]);
        for (const alarm of listed) {
          expect(Number.isInteger(alarm.id)).toBe(true);
          expect(typeof alarm.createdAt).toBe('number');
        }
        expect(new Set(listed.map((a) => a.id)).size).toBe(2);
      });

      it('returns due alarms ordered by dueAt, then id, up to the limit', async () => {
        await driver.commit(
          batch({
            alarmsAdded: [
              alarmWrite({ key: 'k3', dueAt: T0 + 30 }),
              alarmWrite({ key: 'k1', dueAt: T0 + 10 }),
              alarmWrite({ key: 'later', dueAt: T0 + 100 }),
              alarmWrite({ key: 'k2a', dueAt: T0 + 20 }),
              alarmWrite({ key: 'k2b', dueAt: T0 + 20 }),
            ],
          }),
        );
        const due = await driver.dueAlarms(T0 + 30, 10);
        expect(due.map((a) => a.key)).toEqual(['k1', 'k2a', 'k2b', 'k3']);
        expect(due[1]!.id).toBeLessThan(due[2]!.id);
        expect((await driver.dueAlarms(T0 + 30, 2)).map((a) => a.key)).toEqual(['k1', 'k2a']);
        expect(await driver.dueAlarms(T0 + 30, 0)).toEqual([]);
        expect(await driver.dueAlarms(T0 + 9, 10)).toEqual([]);
      });

      it('reports the earliest dueAt as nextAlarmDue, undefined when there is none', async () => {
        expect(await driver.nextAlarmDue()).toBeUndefined();
        await driver.commit(
          batch({ alarmsAdded: [alarmWrite({ dueAt: T0 + 50 }), alarmWrite({ dueAt: T0 + 5 })] }),
        );
        expect(await driver.nextAlarmDue()).toBe(T0 + 5);
        const [first] = await driver.dueAlarms(T0 + 5, 1);
        await driver.commit(batch({ alarmsDeleted: [deletionOf(first!)] }));
        expect(await driver.nextAlarmDue()).toBe(T0 + 50);
      });

      it('reschedules an alarm: new dueAt and attempts, other alarms untouched', async () => {
        await driver.commit(
          batch({ alarmsAdded: [alarmWrite({ dueAt: T0 }), alarmWrite({ dueAt: T0 + 1 })] }),
        );
        const [first, second] = await driver.listAlarms('counter', 'a');
        await driver.rescheduleAlarm(first!.id, T0 + 500, 3);
        await driver.rescheduleAlarm(999_999, T0, 1); // unknown id: no-op
        expect(await driver.listAlarms('counter', 'a')).toEqual([
          second,
          { ...first, dueAt: T0 + 500, attempts: 3 },
        ]);
        expect(await driver.nextAlarmDue()).toBe(T0 + 1);
      });

      it('removes alarms listed in alarmsDeleted, in the same batch as new ones', async () => {
        await driver.commit(
          batch({ alarmsAdded: [alarmWrite({ action: 'a' }), alarmWrite({ action: 'b' })] }),
        );
        const [a, b] = await driver.listAlarms('counter', 'a');
        await driver.commit(
          batch({
            alarmsDeleted: [deletionOf(a!), { id: 999_999, type: 'gone', key: 'gone' }],
            alarmsAdded: [alarmWrite({ action: 'c' })],
          }),
        );
        const left = await driver.listAlarms('counter', 'a');
        expect(left.map((x) => x.action)).toEqual(['b', 'c']);
        expect(left[0]).toEqual(b);
      });

      it('adds an occurrence that continues a fired alarm only while that alarm is still stored', async () => {
        await driver.commit(batch({ alarmsAdded: [alarmWrite({ cron: '* * * * *' })] }));
        const [fired] = await driver.listAlarms('counter', 'a');
        const next = { ...alarmWrite({ cron: '* * * * *', dueAt: T0 + 2000 }), continues: fired!.id };
        // A cancel committed after the fire was read: the continuation is dropped, the rest applies.
        await driver.commit(
          batch({ alarmsCancelled: [{ type: 'counter', key: 'a', action: 'tick', cronOnly: true }] }),
        );
        await driver.commit(
          batch({
            alarmsDeleted: [deletionOf(fired!)],
            alarmsAdded: [next, alarmWrite({ action: 'other' })],
          }),
        );
        expect((await driver.listAlarms('counter', 'a')).map((a) => a.action)).toEqual(['other']);

        await driver.commit(batch({ alarmsAdded: [alarmWrite({ cron: '* * * * *', dueAt: T0 })] }));
        const [again] = await driver.listAlarms('counter', 'a');
        await driver.commit(
          batch({ alarmsDeleted: [deletionOf(again!)], alarmsAdded: [{ ...next, continues: again!.id }] }),
        );
        const listed = await driver.listAlarms('counter', 'a');
        expect(listed.map((a) => [a.action, a.dueAt])).toEqual([
          ['other', T0 + 1000],
          ['tick', T0 + 2000],
        ]);
        expect(listed[1]).not.toHaveProperty('continues');
      });

      it("lists only the given actor's alarms", async () => {
        await driver.commit(
          batch({
            alarmsAdded: [
              alarmWrite({ key: 'a', dueAt: T0 + 2 }),
              alarmWrite({ key: 'b' }),
              alarmWrite({ type: 'timer', key: 'a' }),
              alarmWrite({ key: 'a', dueAt: T0 + 1 }),
            ],
          }),
        );
        const listed = await driver.listAlarms('counter', 'a');
        expect(listed.map((x) => [x.type, x.key, x.dueAt])).toEqual([
          ['counter', 'a', T0 + 1],
          ['counter', 'a', T0 + 2],
        ]);
        expect(await driver.listAlarms('counter', 'nobody')).toEqual([]);
      });
    });

    describe('journal', () => {
      it('reads entries newest first, up to the limit, with every field', async () => {
        const entries = [1, 2, 3].map((v) => journalWrite({ version: v, input: `[${v}]` }));
        const failed = journalWrite({
          version: 4,
          result: null,
          error: 'boom',
          state: null,
          durationMs: 12.5,
        });
        await driver.commit(batch({ journal: [entries[0]!, journalWrite({ key: 'other' })] }));
        await driver.commit(batch({ journal: [entries[1]!, entries[2]!, failed] }));

        const read = await driver.readJournal('counter', 'a', 10);
        expect(read.map(({ id, ...rest }) => rest)).toEqual([failed, entries[2], entries[1], entries[0]]);
        expect(read.map((e) => e.id)).toEqual([...read.map((e) => e.id)].sort((x, y) => y - x));
        expect((await driver.readJournal('counter', 'a', 2)).map((e) => e.version)).toEqual([4, 3]);
        expect(await driver.readJournal('counter', 'a', 0)).toEqual([]);
        expect(await driver.readJournal('counter', 'nobody', 10)).toEqual([]);
      });

      it('prunes to the newest N entries of that actor only', async () => {
        const versions = [1, 2, 3, 4, 5];
        await driver.commit(
          batch({
            journal: versions.flatMap((v) => [
              journalWrite({ version: v }),
              journalWrite({ key: 'b', version: v }),
            ]),
          }),
        );
        await driver.pruneJournal('counter', 'a', 2);
        expect((await driver.readJournal('counter', 'a', 10)).map((e) => e.version)).toEqual([5, 4]);
        expect(await driver.readJournal('counter', 'b', 10)).toHaveLength(5);

        await driver.pruneJournal('counter', 'a', 10); // more than there are: no-op
        expect(await driver.readJournal('counter', 'a', 10)).toHaveLength(2);
        await driver.pruneJournal('counter', 'a', 0);
        expect(await driver.readJournal('counter', 'a', 10)).toEqual([]);
        expect(await driver.readJournal('counter', 'b', 10)).toHaveLength(5);
      });
    });

    describe('lifecycle', () => {
      it('prunes to the newest events of one actor only', async () => {
        const events = Array.from({ length: 6 }, (_, i) =>
          lifecycleWrite({ event: 'activated', at: T0 + i }),
        );
        await driver.commit(batch({ lifecycle: [...events, lifecycleWrite({ key: 'b', at: T0 })] }));
        await driver.pruneLifecycle('counter', 'a', 2);
        expect((await driver.readLifecycle('counter', 'a', 10)).map((e) => e.at)).toEqual([T0 + 5, T0 + 4]);
        expect(await driver.readLifecycle('counter', 'b', 10)).toHaveLength(1);
        await driver.pruneLifecycle('counter', 'a', 0);
        expect(await driver.readLifecycle('counter', 'a', 10)).toEqual([]);
      });

      it('reads events newest first, up to the limit, with every field', async () => {
        const events = [
          lifecycleWrite({ event: 'activating', at: T0 + 1 }),
          lifecycleWrite({ event: 'activated', at: T0 + 2 }),
          lifecycleWrite({ event: 'deactivated', reason: 'idle', at: T0 + 3 }),
        ];
        await driver.commit(batch({ lifecycle: [events[0]!, lifecycleWrite({ key: 'other' })] }));
        await driver.commit(batch({ lifecycle: [events[1]!, events[2]!] }));
        const read = await driver.readLifecycle('counter', 'a', 10);
        expect(read.map(({ id, ...rest }) => rest)).toEqual([events[2], events[1], events[0]]);
        expect((await driver.readLifecycle('counter', 'a', 1)).map((e) => e.event)).toEqual(['deactivated']);
        expect(await driver.readLifecycle('counter', 'nobody', 10)).toEqual([]);
      });
    });

    describe('idempotency', () => {
      const record = (idemKey: string, at: number, result = '1') => ({
        type: 'counter',
        key: 'a',
        idemKey,
        result,
        version: 3,
        at,
      });

      it('finds a committed answer by key; the first answer wins; prune forgets old ones', async () => {
        expect(await driver.findIdempotency('counter', 'a', 'k1')).toBeUndefined();
        await driver.commit(batch({ idempotency: [record('k1', T0), record('k2', T0 + 100)] }));
        await driver.commit(batch({ idempotency: [record('k1', T0 + 5, '"second"')] }));
        expect(await driver.findIdempotency('counter', 'a', 'k1')).toEqual({ result: '1', version: 3 });
        expect(await driver.findIdempotency('counter', 'b', 'k1')).toBeUndefined();
        await driver.pruneIdempotency(T0 + 50);
        expect(await driver.findIdempotency('counter', 'a', 'k1')).toBeUndefined();
        expect(await driver.findIdempotency('counter', 'a', 'k2')).toEqual({ result: '1', version: 3 });
      });

      it('destroy forgets the records of the actor', async () => {
        await driver.commit(batch({ states: [stateWrite()], idempotency: [record('k1', T0)] }));
        await driver.destroy('counter', 'a');
        expect(await driver.findIdempotency('counter', 'a', 'k1')).toBeUndefined();
      });
    });

    describe('streams', () => {
      const entry = (seq: number, stream = 'p1') => ({
        stream,
        seq,
        payload: JSON.stringify({ n: seq }),
        at: T0 + seq,
      });

      it('appends entries and reads them after a sequence number, oldest first, up to the limit', async () => {
        await driver.commit(batch({ streamAppends: [entry(1), entry(2), entry(1, 'p2')] }));
        await driver.commit(batch({ streamAppends: [entry(3)] }));
        expect(await driver.readStream('p1', 0, 10)).toEqual([entry(1), entry(2), entry(3)]);
        expect(await driver.readStream('p1', 1, 1)).toEqual([entry(2)]);
        expect(await driver.readStream('p2', 0, 10)).toEqual([entry(1, 'p2')]);
        expect(await driver.readStream('none', 0, 10)).toEqual([]);
      });

      it('ignores a re-delivered append of the same seq, trims below a seq, and deletes a stream', async () => {
        await driver.commit(batch({ streamAppends: [entry(1), entry(2), entry(3)] }));
        await driver.commit(batch({ streamAppends: [{ ...entry(2), payload: '"dup"' }] }));
        expect((await driver.readStream('p1', 0, 10)).map((e) => e.payload)).toEqual([
          '{"n":1}',
          '{"n":2}',
          '{"n":3}',
        ]);
        await driver.commit(batch({ streamTrims: [{ stream: 'p1', belowSeq: 3 }] }));
        expect((await driver.readStream('p1', 0, 10)).map((e) => e.seq)).toEqual([3]);
      });
    });

    describe('destroy', () => {
      async function populate(type: string, key: string) {
        await driver.create(actor({ type, key }));
        await driver.commit(
          batch({
            alarmsAdded: [alarmWrite({ type, key })],
            journal: [journalWrite({ type, key })],
            lifecycle: [lifecycleWrite({ type, key })],
          }),
        );
      }

      it("removes the actor's state, alarms, journal and lifecycle, and nobody else's", async () => {
        await populate('counter', 'a');
        await populate('counter', 'b');
        await populate('timer', 'a');

        expect(await driver.destroy('counter', 'a')).toBe(true);

        expect(await driver.load('counter', 'a')).toBeUndefined();
        expect(await driver.listAlarms('counter', 'a')).toEqual([]);
        expect(await driver.readJournal('counter', 'a', 10)).toEqual([]);
        expect(await driver.readLifecycle('counter', 'a', 10)).toEqual([]);
        expect(await driver.dueAlarms(Number.MAX_SAFE_INTEGER, 10)).toHaveLength(2);
        for (const [type, key] of [
          ['counter', 'b'],
          ['timer', 'a'],
        ] as const) {
          expect(await driver.load(type, key)).toBeDefined();
          expect(await driver.listAlarms(type, key)).toHaveLength(1);
          expect(await driver.readJournal(type, key, 10)).toHaveLength(1);
          expect(await driver.readLifecycle(type, key, 10)).toHaveLength(1);
        }
      });

      it('returns false for an actor that does not exist, and again after destroying it', async () => {
        expect(await driver.destroy('counter', 'nobody')).toBe(false);
        await populate('counter', 'a');
        expect(await driver.destroy('counter', 'a')).toBe(true);
        expect(await driver.destroy('counter', 'a')).toBe(false);
      });

      it('lets a destroyed actor be created again', async () => {
        await populate('counter', 'a');
        await driver.destroy('counter', 'a');
        expect(await driver.create(actor({ state: '"reborn"' }))).toBe(true);
        expect((await driver.load('counter', 'a'))?.state).toBe('"reborn"');
      });
    });

    it('closes', async () => {
      await driver.create(actor());
      await expect(driver.close()).resolves.toBeUndefined();
    });
  });
}

/** The batch entry that deletes a fired alarm. */
function deletionOf(alarm: StoredAlarm): AlarmDelete {
  return { id: alarm.id, type: alarm.type, key: alarm.key };
}
