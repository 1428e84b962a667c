// Fencing, on real processes: a node SIGSTOPped past its lease loses its actors to another node;
// SIGCONTed, it still holds them in memory, but none of its writes lands (they are refused by the
// epoch check in the commit transaction) and its callers get typed retriable errors or the right
// answer (forwarded to the new owner). No actor ever commits under two owners: the journal of every
// counter has each state version once, and every count equals the increments acknowledged.
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tallyModule } from '../deploy/testing/modules.ts';
import { codeOf, troupeClient } from '../reliability/support/clients.ts';
import { createPostgresPool } from '../storage/postgres/postgres-pool.ts';
import { NodeProcesses } from './testing/node-processes.ts';

let cluster: NodeProcesses;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  cluster = await NodeProcesses.create();
  for (const id of ['a', 'b']) await cluster.start(id);
}, 120_000);

afterAll(async () => {
  await cluster?.close();
});

async function query<T extends object>(sql: string, values: unknown[] = []): Promise<T[]> {
  const pool = createPostgresPool(cluster.database.url, { max: 1 });
  try {
    return (await pool.query<T>(sql, values)).rows;
  } finally {
    await pool.end();
  }
}

describe('live views across nodes', () => {
  it('shows a browser on one node the turns of an actor running on another', async () => {
    const b = troupeClient(cluster.url('b'));
    // An actor owned by node b (claimed by its first turn, entering through b).
    let key = '';
    for (let i = 0; !key; i++) {
      await b.actors.invoke.mutate({ type: 'counter', key: `live-${i}`, action: 'get', args: {} });
      const [row] = await query<{ node: string }>('SELECT node FROM actor_owner WHERE key = $1', [
        `live-${i}`,
      ]);
      if (row?.node === 'b') key = `live-${i}`;
    }
    const socket = io(cluster.url('a'), { transports: ['websocket'] });
    try {
      await new Promise<void>((resolve) => socket.once('connect', resolve));
      const updates: { version: number; state: unknown }[] = [];
      socket.on('actor:update', (update) => updates.push(update));
      await socket.emitWithAck('subscribe', { topic: 'actor', type: 'counter', key });
      await sleep(1_500); // node a has told node b that someone watches this room
      await b.actors.invoke.mutate({ type: 'counter', key, action: 'increment', args: { by: 5 } });
      const until = Date.now() + 5_000;
      while (!updates.some((u) => (u.state as { count?: number }).count === 5) && Date.now() < until)
        await sleep(50);
      expect(updates.map((u) => u.state)).toContainEqual({ count: 5 });
    } finally {
      socket.close();
    }
  }, 30_000);
});

describe('deploys across nodes', () => {
  it('serves a type deployed through one node from every node, and its rollback too', async () => {
    const a = troupeClient(cluster.url('a'));
    const b = troupeClient(cluster.url('b'));
    await a.types.deploy.mutate({ fileName: 'tally.ts', source: tallyModule(1) });
    await b.types.deploy.mutate({ fileName: 'tally.ts', source: tallyModule(10) }).catch(() => {}); // v2 via b
    const step = (client: typeof a, key: string) =>
      client.actors.invoke.mutate({ type: 'tally', key, action: 'step', args: {} });
    const until = Date.now() + 5_000;
    // Keys land on both nodes (placement); every one answers with v2's step wherever it runs.
    for (let i = 0; i < 12; i++) {
      for (;;) {
        const reply = await step(i % 2 ? a : b, `t-${i}`).catch(() => null);
        if (reply && 'result' in reply && reply.result === 10) break;
        if (Date.now() > until) throw new Error(`t-${i} did not serve version 2: ${JSON.stringify(reply)}`);
        await sleep(100);
      }
    }
    await a.types.rollback.mutate({ type: 'tally', version: 1 });
    for (let i = 0; i < 12; i++) {
      for (;;) {
        const reply = await step(i % 2 ? b : a, `t-${i}`).catch(() => null);
        if (reply && 'result' in reply && reply.result === 1) break;
        if (Date.now() > until + 5_000) throw new Error(`t-${i} did not serve the rollback`);
        await sleep(100);
      }
    }
  }, 30_000);
});

describe('fencing', () => {
  it('refuses every write of a paused node whose actors moved, and loses nothing acknowledged', async () => {
    const a = troupeClient(cluster.url('a'));
    const b = troupeClient(cluster.url('b'));
    const invoke = (client: typeof a, key: string, idempotencyKey: string) =>
      client.actors.invoke.mutate(
        { type: 'counter', key, action: 'increment', args: { by: 1 }, idempotencyKey },
        { signal: AbortSignal.timeout(15_000) },
      );
    const keys = Array.from({ length: 20 }, (_, i) => `f-${i}`);
    const acked = new Map<string, number>();
    const ack = (key: string) => acked.set(key, (acked.get(key) ?? 0) + 1);
    for (const key of keys) {
      await invoke(b, key, `warm-${key}`);
      ack(key);
    }
    const onB = (await query<{ key: string }>("SELECT key FROM actor_owner WHERE node = 'b'")).map(
      (r) => r.key,
    );
    expect(onB.length).toBeGreaterThan(0);

    const paused = cluster.nodes.get('b')!;
    paused.kill('SIGSTOP');
    // Requests to the paused node wait in its socket; they run when it wakes, against old copies.
    const stale = onB.map((key) =>
      invoke(b, key, `stale-${key}`).then(
        () => ({ key, ok: true as const }),
        (error: unknown) => ({ key, ok: false as const, code: codeOf(error), error }),
      ),
    );
    await sleep(3_500); // past the 1.5 s lease and a heartbeat of node a
    for (const key of onB) {
      await invoke(a, key, `moved-${key}`); // node a claims the actor: a new epoch
      ack(key);
    }
    const epochs = await query<{ key: string; node: string }>(
      "SELECT key, node FROM actor_owner WHERE node = 'a'",
    );
    for (const key of onB) expect(epochs.map((e) => e.key)).toContain(key);

    paused.kill('SIGCONT');
    for (const outcome of await Promise.all(stale)) {
      if (outcome.ok) ack(outcome.key);
      else {
        expect(outcome.code, String(outcome.error)).toBe('SERVICE_UNAVAILABLE');
        expect((outcome.error as { data?: { retriable?: boolean } }).data?.retriable).toBe(true);
      }
    }
    for (const key of keys) {
      const reply = await a.actors.invoke.mutate({ type: 'counter', key, action: 'get', args: {} });
      expect('result' in reply && reply.result, key).toBe(acked.get(key));
    }
    const doubles = await query<{ key: string; version: number; n: number }>(
      "SELECT key, version, count(*)::int AS n FROM journal_entry WHERE type = $1 AND action = 'increment' GROUP BY key, version HAVING count(*) > 1",
      ['counter'],
    );
    expect(doubles).toEqual([]);
  }, 90_000);
});
