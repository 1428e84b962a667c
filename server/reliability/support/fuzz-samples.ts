// Valid inputs of every control-plane procedure and every socket.io message, rich in client-chosen
// names (record keys such as labels, args and initial-state keys; action names; actor keys and
// types; pipeline names; sensor ids; operator config field names): the trees whose string
// positions the name fuzzer replaces. Each sample is valid against the fixtures of fuzz-env.ts.
import { z } from 'zod';
import { REFERENCE_PIPELINE, type TPipelineSpecInput } from '../../pipelines/spec.ts';
import { defineActor } from '../../runtime/definition.ts';

/** Fixture pipelines: count windows (the reference pipeline) and a time window. */
export const COUNT_PIPELINE = 'fuzz';
export const TIME_PIPELINE = 'fuzz-timed';
export const FIXTURE_PIPELINES: Record<string, TPipelineSpecInput> = {
  [COUNT_PIPELINE]: { ...REFERENCE_PIPELINE, name: COUNT_PIPELINE },
  [TIME_PIPELINE]: {
    name: TIME_PIPELINE,
    keyBy: 'sensorId',
    operators: [
      { kind: 'map', config: { scale: 2, offset: 1 } },
      { kind: 'window', config: { timeMs: 1_000, fns: ['max', 'count'] } },
    ],
  },
};

/** The counter the invariants increment after every case; no sample names it. */
export const PROBE_KEY = 'fuzz-probe';

/**
 * A test actor type whose args and state are records keyed by client data: what a user's actor
 * (a chat room keyed by member, a cart keyed by item) does with names it did not choose.
 */
export const fuzzStore = defineActor({
  type: 'fuzz-store',
  state: () => ({ entries: {} as Record<string, string> }),
  journal: true,
  actions: {
    put: {
      input: z.object({ entries: z.record(z.string(), z.string()) }),
      handler: (ctx, { entries }) => {
        // Spread defines own properties: the test type itself stores every name safely.
        ctx.state.entries = { ...ctx.state.entries, ...entries };
        return Object.keys(ctx.state.entries).length;
      },
    },
    get: { input: z.object({}), handler: (ctx) => ctx.state.entries },
  },
});

/** A module as `troupe deploy` uploads it: what types.deploy samples deploy (server/deploy). */
const DEPLOYED_SOURCE = `import { defineActor } from 'troupe';
import { z } from 'zod';
export const deployed = defineActor({
  type: 'fuzz-deployed',
  state: () => ({ count: 0 }),
  actions: { get: { input: z.object({}), handler: (ctx) => ctx.state.count } },
});
`;

const listCursor = Buffer.from('counter\u0000fuzz-1').toString('base64url');
const events = (sensors: string[], ts: number) =>
  sensors.flatMap((sensorId, i) => [
    { sensorId, value: 70 + i, ts },
    { sensorId, value: 90, ts: ts + 1_500 },
  ]);
let spawned = 0;

/** Valid inputs per procedure; procedures without input get one anyway (its names are fuzzed too). */
export const PROCEDURE_SAMPLES: Record<string, (() => unknown)[]> = {
  'actors.types': [() => ({ filter: 'counter' })],
  'actors.spawn': [
    () => ({
      type: 'counter',
      key: `spawned-${++spawned}`,
      initialState: { count: 3, notes: { owner: 'ann' } },
      labels: { team: 'a', tier: 'gold' },
      config: { idleTimeoutMs: 60_000 },
    }),
    () => ({
      type: 'fuzz-store',
      key: `store-${++spawned}`,
      initialState: { entries: { apple: 'red', pear: 'green' } },
      labels: { owner: 'bob' },
    }),
  ],
  'actors.invoke': [
    () => ({ type: 'counter', key: 'fuzz-1', action: 'increment', args: { by: 2 }, mode: 'ask' }),
    () => ({ type: 'counter', key: 'fuzz-1', action: 'get', args: {}, mode: 'ask', timeoutMs: 5_000 }),
    () => ({ type: 'counter', key: 'fuzz-2', action: 'increment', args: { by: 1 }, mode: 'tell' }),
    () => ({
      type: 'counter',
      key: 'fuzz-1',
      action: 'increment',
      args: { by: 1 },
      mode: 'tell',
      idempotencyKey: `once-${++spawned}`,
    }),
    () => ({
      type: 'counter',
      key: 'fuzz-1',
      action: 'increment',
      args: { by: 1 },
      idempotencyKey: `retry-${++spawned}`,
    }),
    () => ({
      type: 'fuzz-store',
      key: 'shelf',
      action: 'put',
      args: { entries: { apple: 'red', plum: 'blue' } },
    }),
    () => ({ type: 'fuzz-store', key: 'shelf', action: 'get', args: {} }),
  ],
  'actors.get': [() => ({ type: 'counter', key: 'fuzz-1' }), () => ({ type: 'fuzz-store', key: 'shelf' })],
  'actors.list': [
    () => ({ type: 'counter', status: 'active', label: 'team=a', keyPrefix: 'fuzz', limit: 10 }),
    () => ({ label: 'owner=bob', keyPrefix: 'store', cursor: listCursor }),
    () => ({ type: 'fuzz-store', status: 'inactive' }),
  ],
  'actors.deactivate': [
    () => ({ type: 'counter', key: 'fuzz-2' }),
    () => ({ type: 'fuzz-store', key: 'shelf' }),
  ],
  'actors.destroy': [() => ({ type: 'counter', key: 'fuzz-3' })],
  'pipelines.create': [
    () => ({
      name: 'fuzz created',
      keyBy: 'sensorId',
      priority: 2,
      operators: [
        { kind: 'map', config: { scale: 1.5, offset: -2, round: 1, preset: 'c_to_f' }, partitions: 2 },
        { kind: 'filter', config: { field: 'value', op: '>=', threshold: 10 } },
        { kind: 'reduce', config: { windowSize: 2, fn: 'sum' } },
        { kind: 'window', config: { timeMs: 500, fns: ['max', 'avg'] } },
      ],
    }),
    () => ({ name: 'counted', operators: [{ kind: 'window', config: { size: 2, fns: ['min'] } }] }),
  ],
  'pipelines.list': [() => ({ filter: 'all' })],
  'pipelines.get': [() => ({ id: COUNT_PIPELINE }), () => ({ id: TIME_PIPELINE })],
  'pipelines.start': [() => ({ id: COUNT_PIPELINE })],
  'pipelines.stop': [() => ({ id: TIME_PIPELINE })],
  'pipelines.delete': [() => ({ id: COUNT_PIPELINE })],
  'pipelines.scale': [() => ({ id: COUNT_PIPELINE, operatorIndex: 2, partitions: 3 })],
  'pipelines.publish': [
    () => ({ id: COUNT_PIPELINE, events: events(['s-1', 's-2'], 1_000), batchId: `b-${++spawned}` }),
    () => ({ id: TIME_PIPELINE, events: events(['s-1', 's-2'], 1_000 * ++spawned) }),
  ],
  'pipelines.flush': [() => ({ id: TIME_PIPELINE })],
  'pipelines.results': [() => ({ id: COUNT_PIPELINE, afterSeq: 0, limit: 10 })],
  'pipelines.simulate': [() => ({ id: COUNT_PIPELINE, ratePerSec: 20, sensors: 2, durationS: 1 })],
  'system.health': [() => ({ verbose: 'yes' })],
  'system.metrics': [() => ({ verbose: 'yes' })],
  'system.recentMetrics': [() => ({ window: 'all' })],
  'system.recentLifecycle': [() => ({ since: 'start' })],
  // [deploy] a deployed type whose module text and file name are client data too
  'types.list': [() => ({ filter: 'deployed' })],
  'types.deploy': [() => ({ fileName: 'fuzz-deployed.ts', source: DEPLOYED_SOURCE })],
  'types.history': [() => ({ type: 'fuzz-deployed' })],
  'types.rollback': [() => ({ type: 'fuzz-deployed', version: 1 })],
};

/** Client-to-server socket.io messages as sent, `[event, payload]`: the event name is fuzzed too. */
export const SOCKET_SAMPLES: (() => [string, unknown])[] = [
  () => ['subscribe', { topic: 'actor', type: 'counter', key: 'fuzz-1' }],
  () => ['subscribe', { topic: 'pipeline', id: COUNT_PIPELINE }],
  () => ['subscribe', { topic: 'lifecycle' }],
  () => ['subscribe', { topic: 'overview' }],
  () => ['unsubscribe', { topic: 'actor', type: 'fuzz-store', key: 'shelf' }],
  () => ['unsubscribe', { topic: 'pipeline', id: TIME_PIPELINE }],
];

/**
 * What a socket.io handshake carries that the server reads, `[auth payload, cookies, bearer]`:
 * cookie names and values are positions of their own (see handshakeHeaders).
 */
export const HANDSHAKE_SAMPLES: (() => [Record<string, string>, Record<string, string>, string])[] = [
  () => [{ token: 'not-the-token' }, {}, ''],
  () => [{}, { troupe_token: 'abc%20def', theme: 'dark' }, ''],
  () => [{}, {}, 'abc'],
];
