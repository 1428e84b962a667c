// 100,000 concurrently active actors across 3 nodes: each activated by a `get` entering its owner
// (bench-resident: durable, stays resident 10 minutes), then counted by system.health (each node's
// load as of its last heartbeat) and weighed by /proc/<pid>/status (RSS) per node.
import { rssMbOf } from '../server/reliability/support/child-troupe.ts';
import { ownerEntry } from './cluster-load.ts';
import type { BenchCluster } from './cluster-nodes.ts';
import { type BenchRow, row, sleep } from './report.ts';

const SUITE = 'cluster';
const RESIDENTS = 100_000;
/**
 * Activations in flight across the 3 nodes: more did not activate faster here. Each claim waits for
 * one of the node's 4 cluster connections, which its lease renewals share: with 600 in flight and
 * a 3 s lease the renewals queued long enough for the leases to lapse, and every node dropped its
 * residents (bench/README.md).
 */
const IN_FLIGHT = 96;

export async function residentsAcrossNodes(cluster: BenchCluster, leaseMs: number): Promise<BenchRow[]> {
  const nodes = [...cluster.live.values()];
  const before = new Map(nodes.map((n) => [n.id, rssMbOf(n.pid) ?? 0]));
  const route = ownerEntry(cluster);
  let next = 0;
  let failed = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < RESIDENTS) {
        const key = `r-${next++}`;
        await route('bench-resident', key)
          .wire.ask('bench-resident', key, 'get', {})
          .catch(() => void failed++);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await sleep(leaseMs / 2); // each node renews its row (and its load) every third of the lease
  const loads = await cluster.health(nodes[0]!);
  const total = loads.reduce((sum, n) => sum + n.load.residents, 0);
  const perNode = nodes.map((n) => {
    const residents = loads.find((l) => l.id === n.id)?.load.residents ?? 0;
    const rss = rssMbOf(n.pid) ?? 0;
    return { id: n.id, residents, rss, grewBytes: (rss - before.get(n.id)!) * 1024 * 1024 };
  });
  return [
    row({
      suite: SUITE,
      name: `activations of ${RESIDENTS.toLocaleString('en-US')} durable actors across 3 nodes (a get each, entering the owner, ${IN_FLIGHT} in flight)`,
      value: RESIDENTS / seconds,
      unit: 'activations/s',
      note: `${seconds.toFixed(1)} s, ${failed} failed; each is an ownership claim, a load and a first commit`,
    }),
    row({
      suite: SUITE,
      name: 'resident actors across 3 nodes (system.health cluster.nodes[].load.residents, summed)',
      value: total,
      unit: 'actors',
      target: `>= ${RESIDENTS.toLocaleString('en-US')}`,
      pass: total >= RESIDENTS,
      note: `${perNode.map((n) => `${n.id} ${n.residents.toLocaleString('en-US')}`).join(', ')}; own lease lapses logged: ${[...cluster.lapses().values()].reduce((a, b) => a + b, 0)}`,
    }),
    ...perNode.map((n) =>
      row({
        suite: SUITE,
        name: `RSS of ${n.id} with ${n.residents.toLocaleString('en-US')} resident actors (baseline: before)`,
        value: n.rss,
        unit: 'MB',
        baseline: before.get(n.id),
        note: `${Math.round(n.grewBytes / Math.max(1, n.residents)).toLocaleString('en-US')} bytes per resident actor (growth / residents)`,
      }),
    ),
  ];
}
