// Several nodes on one PostgreSQL database and one NATS server, in one process: messages reach the
// one node that owns each actor wherever they enter, and a node that vanishes hands its actors over.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counter } from '../../actors/counter.ts';
import { createPostgresPool } from '../storage/postgres/postgres-pool.ts';
import { InProcessCluster, type TestNode } from './testing/in-process-cluster.ts';

let cluster: InProcessCluster;
const pick = (nodes: TestNode[], i: number) => nodes[i % nodes.length]!;

beforeAll(async () => {
  cluster = await InProcessCluster.create([counter]);
  for (const id of ['n1', 'n2', 'n3']) await cluster.addNode(id);
  await cluster.settled(['n1', 'n2', 'n3']);
});

afterAll(async () => {
  await cluster?.close();
});

async function owners(): Promise<Map<string, string>> {
  const pool = createPostgresPool(cluster.database.url, { max: 1 });
  try {
    const { rows } = await pool.query<{ key: string; node: string }>('SELECT key, node FROM actor_owner');
    return new Map(rows.map((r) => [r.key, r.node]));
  } finally {
    await pool.end();
  }
}

describe('cluster routing', () => {
  it('runs each actor on exactly one node, whichever node a call enters', async () => {
    const nodes = [...cluster.nodes.values()];
    const keys = Array.from({ length: 30 }, (_, i) => `c-${i}`);
    await Promise.all(
      keys.flatMap((key, k) =>
        Array.from({ length: 6 }, (_, i) =>
          pick(nodes, k + i)
            .runtime.get('counter', key)
            .ask('increment', { by: 1 }, { idempotencyKey: `${key}-${i}` }),
        ),
      ),
    );
    for (const [k, key] of keys.entries()) {
      for (const node of nodes)
        await expect(node.runtime.get('counter', key).ask('get', {})).resolves.toBe(6);
      const residentOn = nodes.filter((n) => n.runtime.describe('counter', key)).map((n) => n.id);
      expect(residentOn, `${key} resident on`).toHaveLength(1);
      expect((await owners()).get(key)).toBe(residentOn[0]);
      expect(residentOn[0]).toBe(pick(nodes, 0).node.placement.preferredNode('counter', keys[k]!));
    }
    // the work was spread: every node owns some of the 30 actors
    expect(new Set((await owners()).values()).size).toBe(3);
  });

  it('hands a vanished node\u2019s actors to the others once its lease lapses; acked writes survive', async () => {
    const victim = cluster.nodes.get('n3')!;
    const survivors = () => [...cluster.nodes.values()];
    const theirs = [...(await owners()).entries()].filter(([, node]) => node === 'n3').map(([key]) => key);
    expect(theirs.length).toBeGreaterThan(0);
    await victim.crash();
    // Calls during the lease: retriable errors (the owner does not answer), never a wrong count.
    const started = Date.now();
    for (const key of theirs) {
      for (;;) {
        try {
          expect(await survivors()[0]!.runtime.get('counter', key).ask('get', {})).toBe(6);
          break;
        } catch (error) {
          expect((error as { details?: { retriable?: boolean } }).details?.retriable, String(error)).toBe(
            true,
          );
          if (Date.now() - started > 10_000) throw error;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
    }
    await cluster.settled(['n1', 'n2']);
    const after = await owners();
    for (const key of theirs) expect(['n1', 'n2']).toContain(after.get(key));
  });
});
