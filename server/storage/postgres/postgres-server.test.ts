// The whole server on PostgreSQL: the real process (server/main.ts) with DATABASE_URL=postgres://...
// on a fresh database, driven over HTTP through the control plane, then restarted on the same
// database. What a user of cluster mode's storage sees, without the cluster.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { REFERENCE_PIPELINE } from '../../pipelines/spec.ts';
import { referencePipeline } from '../../pipelines/testing/reference.ts';
import { type ChildTroupe, startChildTroupe, stopChild } from '../../reliability/support/child-troupe.ts';
import { troupeClient } from '../../reliability/support/clients.ts';
import { createTestDatabase, type TestDatabase } from '../../test-support/postgres-database.ts';

let database: TestDatabase;
let child: ChildTroupe | undefined;

beforeEach(async () => {
  database = await createTestDatabase();
});

afterEach(async () => {
  await stopChild(child);
  await database.drop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Events for 4 sensors with values spread over 0..130 and increasing timestamps. */
const sensorEvents = (count: number) =>
  Array.from({ length: count }, (_, i) => ({
    sensorId: `sensor-${i % 4}`,
    value: Math.round(((i * 37) % 101) * 1.3 * 100) / 100,
    ts: 1_000 + i,
  }));
/** An ask's reply (a tell would answer `{ queued: true }`). */
const resultOf = (reply: { result?: unknown } | { queued: true }) =>
  'result' in reply ? reply.result : undefined;

it('serves actors, pipelines and alarms from PostgreSQL, and keeps them across a restart', async () => {
  child = await startChildTroupe({ databaseUrl: database.url, startTimeoutMs: 60_000 });
  let client = troupeClient(child.url);
  expect(await client.system.health.query()).toMatchObject({ ok: true, db: 'ok' });

  await client.actors.spawn.mutate({ type: 'counter', key: 'pg-1', labels: { team: 'red' } });
  const invoke = async (by: number, idempotencyKey?: string) =>
    resultOf(
      await client.actors.invoke.mutate({
        type: 'counter',
        key: 'pg-1',
        action: 'increment',
        args: { by },
        idempotencyKey,
      }),
    );
  expect(await invoke(2)).toBe(2);
  expect(await invoke(3, 'once')).toBe(5);
  expect(await invoke(3, 'once')).toBe(5); // the recorded answer, not applied again

  const listed = await client.actors.list.query({ type: 'counter', label: 'team=red' });
  expect(listed.items.map((a) => a.key)).toEqual(['pg-1']);
  const actor = await client.actors.get.query({ type: 'counter', key: 'pg-1' });
  expect(actor.state).toEqual({ count: 5 });
  expect(actor.labels).toEqual({ team: 'red' });
  expect(actor.journal.map((e) => e.version)).toEqual([2, 1]);
  expect(actor.lifecycle.length).toBeGreaterThan(0);

  const { id } = await client.pipelines.create.mutate({
    ...REFERENCE_PIPELINE,
    name: 'pg-pipeline',
  } as never);
  const events = sensorEvents(400);
  expect(await client.pipelines.publish.mutate({ id, events, batchId: 'b1' })).toEqual({
    accepted: 400,
    duplicates: 0,
  });
  const expected = referencePipeline(REFERENCE_PIPELINE as never, events);
  const outputs = await client.pipelines.results.query({ id, limit: 1000 });
  expect(expected.length).toBeGreaterThan(5);
  expect(outputs.items).toHaveLength(expected.length);

  // A durable alarm due after the restart.
  await client.actors.invoke.mutate({
    type: 'reminder',
    key: 'pg',
    action: 'remind',
    args: { inMs: 1_500, message: 'after restart' },
  });

  child.kill('SIGTERM');
  expect((await child.exited).code).toBe(0);
  child = await startChildTroupe({ databaseUrl: database.url, startTimeoutMs: 60_000 });
  client = troupeClient(child.url);

  expect((await client.actors.get.query({ type: 'counter', key: 'pg-1' })).state).toEqual({ count: 5 });
  expect(await invoke(3, 'once')).toBe(5);
  expect(await invoke(1)).toBe(6);
  expect((await client.pipelines.list.query()).map((p) => p.name)).toContain('pg-pipeline');
  expect((await client.pipelines.results.query({ id, limit: 1000 })).items).toEqual(outputs.items);
  expect(await client.pipelines.publish.mutate({ id, events, batchId: 'b1' })).toEqual({
    accepted: 0,
    duplicates: 400,
  });

  const deadline = Date.now() + 20_000;
  let fired: unknown[] = [];
  while (fired.length === 0 && Date.now() < deadline) {
    await sleep(200);
    const reply = await client.actors.invoke.mutate({
      type: 'reminder',
      key: 'pg',
      action: 'fired',
      args: {},
    });
    fired = resultOf(reply) as unknown[];
  }
  expect(fired).toMatchObject([{ message: 'after restart' }]);
}, 120_000);
