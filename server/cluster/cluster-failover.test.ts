// The cluster issue's acceptance runs, on real processes, PostgreSQL and NATS:
// - 3 nodes, 32 clients incrementing 100 counters through random nodes with idempotency keys,
//   retrying a failed call on another node with the same key; one node SIGKILLed mid-run: 0 acked
//   increments lost, 0 applied twice, every key answers afterwards, calls succeed within 5 s;
// - alarms of a killed node fire on another node.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REFERENCE_PIPELINE } from '../pipelines/spec.ts';
import { referencePipeline } from '../pipelines/testing/reference.ts';
import { troupeClient } from '../reliability/support/clients.ts';
import { createPostgresPool } from '../storage/postgres/postgres-pool.ts';
import { NodeProcesses } from './testing/node-processes.ts';

const NODES = ['n1', 'n2', 'n3'];
const COUNTERS = Array.from({ length: 100 }, (_, i) => `k-${i}`);
let cluster: NodeProcesses;

beforeAll(async () => {
  cluster = await NodeProcesses.create();
  for (const id of NODES) await cluster.start(id);
}, 120_000);

afterAll(async () => {
  await cluster?.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function query<T extends object>(sql: string, values: unknown[] = []): Promise<T[]> {
  const pool = createPostgresPool(cluster.database.url, { max: 1 });
  try {
    return (await pool.query<T>(sql, values)).rows;
  } finally {
    await pool.end();
  }
}

/** Actor keys of `type` whose owner row names `node`. */
async function ownedBy(type: string, node: string): Promise<string[]> {
  const rows = await query<{ key: string }>('SELECT key FROM actor_owner WHERE type = $1 AND node = $2', [
    type,
    node,
  ]);
  return rows.map((r) => r.key);
}

describe('cluster failover', () => {
  it('fires the alarms of a SIGKILLed node on another node', async () => {
    const n2 = troupeClient(cluster.url('n2'));
    const keys = Array.from({ length: 12 }, (_, i) => `r-${i}`);
    for (const key of keys) {
      await n2.actors.invoke.mutate({
        type: 'reminder',
        key,
        action: 'remind',
        args: { inMs: 2_500, message: key },
      });
    }
    const onN2 = await ownedBy('reminder', 'n2');
    expect(onN2.length).toBeGreaterThan(0); // some of them lived on the node about to die
    cluster.nodes.get('n2')!.kill('SIGKILL');
    await cluster.nodes.get('n2')!.exited;
    cluster.nodes.delete('n2');
    const n1 = troupeClient(cluster.url('n1'));
    const until = Date.now() + 20_000;
    for (const key of keys) {
      for (;;) {
        const reply = await n1.actors.invoke
          .mutate({ type: 'reminder', key, action: 'fired', args: {} })
          .catch(() => ({ result: [] }));
        const fired = 'result' in reply ? (reply.result as { message: string }[]) : [];
        if (fired.length > 0) {
          expect(fired.map((f) => f.message)).toEqual([key]); // once, and its own
          break;
        }
        if (Date.now() > until) throw new Error(`${key}'s alarm did not fire after its node died`);
        await sleep(200);
      }
    }
    for (const key of onN2) expect(await ownedBy('reminder', 'n2')).not.toContain(key);
    // Back to three for the next run, which starts at once, while the nodes' views still differ.
    await cluster.start('n2');
  }, 60_000);

  it('runs a pipeline on its home node whichever node is called, exactly once across its failover', async () => {
    const client = (id: string) => troupeClient(cluster.url(id));
    const { id } = await client('n1').pipelines.create.mutate({
      ...REFERENCE_PIPELINE,
      name: 'spread',
    } as never);
    const events = (batch: number) =>
      Array.from({ length: 200 }, (_, i) => ({
        sensorId: `s-${i % 5}`,
        value: ((i * 37 + batch * 11) % 101) * 1.1,
        ts: 1_000 + batch * 1_000 + i,
      }));
    const sent: ReturnType<typeof events> = [];
    const publish = async (node: string, batch: number) => {
      const outcome = await client(node).pipelines.publish.mutate({
        id,
        events: events(batch),
        batchId: `b${batch}`,
      });
      if (outcome.accepted > 0) sent.push(...events(batch));
      return outcome;
    };
    expect(await publish('n1', 1)).toEqual({ accepted: 200, duplicates: 0 });
    expect(await publish('n2', 2)).toEqual({ accepted: 200, duplicates: 0 });
    expect(await publish('n3', 1)).toEqual({ accepted: 0, duplicates: 200 }); // the same batch, another node
    await client('n2').pipelines.scale.mutate({ id, operatorIndex: 2, partitions: 3 });
    expect(await publish('n3', 3)).toEqual({ accepted: 200, duplicates: 0 });
    for (const node of NODES) {
      const listed = await client(node).pipelines.list.query();
      expect(listed.find((p) => p.id === id)?.operators[2]?.partitions, node).toBe(3);
    }
    const expected = () => referencePipeline(REFERENCE_PIPELINE as never, sent).length;
    expect((await client('n3').pipelines.results.query({ id, limit: 1000 })).items).toHaveLength(expected());

    // Its home dies: another node takes the pipeline over, with its ledger and operator state.
    const [{ node: home } = { node: '' }] = await query<{ node: string }>(
      "SELECT node FROM actor_owner WHERE type = 'pipeline-sink' AND key = $1",
      [id],
    );
    expect(NODES).toContain(home);
    cluster.nodes.get(home)!.kill('SIGKILL');
    await cluster.nodes.get(home)!.exited;
    cluster.nodes.delete(home);
    const survivor = NODES.find((n) => n !== home)!;
    const until = Date.now() + 15_000;
    for (;;) {
      try {
        expect(await publish(survivor, 2)).toEqual({ accepted: 0, duplicates: 200 });
        break;
      } catch (error) {
        if (Date.now() > until) throw error;
        await sleep(250);
      }
    }
    expect(await publish(survivor, 4)).toEqual({ accepted: 200, duplicates: 0 });
    expect((await client(survivor).pipelines.results.query({ id, limit: 1000 })).items).toHaveLength(
      expected(),
    );
    await cluster.start(home); // back to three for the next run
  }, 90_000);

  it('loses no acked increment and applies none twice when a node is SIGKILLed mid-run', async () => {
    const live = new Set(NODES);
    const clients = new Map(NODES.map((id) => [id, troupeClient(cluster.url(id))]));
    const acked = new Map<string, number>(); // counter -> increments acknowledged
    let lastFailureAt = 0;
    let longestOutageMs = 0;
    let sent = 0;
    const PER_CLIENT = 40;
    const worker = async (w: number) => {
      for (let i = 0; i < PER_CLIENT; i++) {
        const counter = COUNTERS[Math.floor(Math.random() * COUNTERS.length)]!;
        const idempotencyKey = `w${w}-${i}`;
        sent++;
        for (let attempt = 0; ; attempt++) {
          const nodes = [...live];
          const node = nodes[Math.floor(Math.random() * nodes.length)]!;
          try {
            await clients
              .get(node)!
              .actors.invoke.mutate(
                { type: 'counter', key: counter, action: 'increment', args: { by: 1 }, idempotencyKey },
                { signal: AbortSignal.timeout(10_000) },
              );
            if (lastFailureAt) longestOutageMs = Math.max(longestOutageMs, Date.now() - lastFailureAt);
            lastFailureAt = 0;
            break;
          } catch (error) {
            lastFailureAt ||= Date.now();
            if (attempt > 200) throw error;
            await sleep(50);
          }
        }
        acked.set(counter, (acked.get(counter) ?? 0) + 1);
      }
    };
    const load = Promise.all(Array.from({ length: 32 }, (_, w) => worker(w)));
    while (sent < 400) await sleep(20);
    cluster.nodes.get('n3')!.kill('SIGKILL');
    live.delete('n3');
    await load;

    const health = await clients.get('n1')!.system.health.query();
    expect(health.cluster?.node).toBe('n1');
    expect(health.cluster?.nodes.map((n) => n.id)).toEqual(['n1', 'n2']); // n3's lease lapsed
    expect(health.cluster!.nodes.every((n) => n.load.owned >= 0 && n.load.rssBytes > 0)).toBe(true);
    const total = [...acked.values()].reduce((a, b) => a + b, 0);
    expect(total).toBe(32 * PER_CLIENT);
    const reader = clients.get('n1')!;
    for (const counter of COUNTERS) {
      const reply = await reader.actors.invoke.mutate({
        type: 'counter',
        key: counter,
        action: 'get',
        args: {},
      });
      expect('result' in reply && reply.result, counter).toBe(acked.get(counter) ?? 0);
    }
    expect(longestOutageMs).toBeLessThan(5_000);
  }, 120_000);
});
