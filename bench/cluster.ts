// Cluster mode (issue 14) on this machine: real node processes (server/main.ts, headless) on a fresh
// PostgreSQL database and the local NATS server, driven from this process over the WebSocket wire
// (one SDK connection per node). Two clusters, one after the other:
// - default durability (every commit waits for its WAL fsync), lease 3,000 ms (the default):
//   durable counter increments (the project's journaled counter, reply after commit), 64 callers
//   over 1,000 counters, with 1, 2, 3 nodes, then 2 and 1 again (the machine's drift shows);
//   ask latency entering the owning node or another one; failover after a SIGKILL under load;
// - synchronous_commit=off (an operator's choice, bench/README.md) and a 10 s lease: 100,000
//   resident durable actors across 3 nodes, residents and RSS per node. Every activation is an
//   ownership claim (its own transaction), a load and its share of a commit, so without an fsync
//   per transaction they run faster (figures in bench/README.md).

import { failoverUnderLoad } from './cluster-failover.ts';
import {
  askLatencies,
  incrementRate,
  LATENCY_PAIRS,
  ownerEntry,
  type Rate,
  randomEntry,
} from './cluster-load.ts';
import { BenchCluster } from './cluster-nodes.ts';
import { residentsAcrossNodes } from './cluster-residents.ts';
import { type BenchRow, percentile, row } from './report.ts';

const SUITE = 'cluster';
const LEASE_MS = 3_000; // TROUPE_CLUSTER_LEASE_MS's default
/**
 * No failover is measured on the residents' cluster, which runs a longer lease: in a trial on this
 * loaded machine a 3 s lease lapsed once while renewals queued behind activation claims on shared
 * connections (renewals have their own connection since), dropping residents mid-count.
 */
const RESIDENTS_LEASE_MS = 10_000;

interface Run {
  nodes: number;
  entry: 'random' | 'owner';
  rate: Rate;
  /** Writes (counter state + journal entry: 2 per increment) per group commit, over the run. */
  writesPerCommit: number;
}

function throughputRows(runs: Run[], acked: number, stored: number): BenchRow[] {
  const ones = runs.filter((r) => r.nodes === 1).map((r) => r.rate.rate);
  const one = ones.reduce((a, b) => a + b, 0) / ones.length;
  const rows: BenchRow[] = [];
  for (const nodes of [1, 2, 3]) {
    for (const entry of ['random', 'owner'] as const) {
      const these = runs.filter((r) => r.nodes === nodes && r.entry === entry);
      if (these.length === 0) continue;
      const mean = these.reduce((sum, r) => sum + r.rate.rate, 0) / these.length;
      const each = these.map((r) => Math.round(r.rate.rate).toLocaleString('en-US')).join(' and ');
      rows.push(
        row({
          suite: SUITE,
          name: `durable counter increments, ${nodes} node${nodes > 1 ? 's' : ''}, 64 callers over 1,000 counters, ${entry === 'owner' ? 'entering the owner' : 'entering a random node'}`,
          value: mean,
          unit: 'increments/s',
          baseline: nodes === 1 && entry === 'random' ? undefined : one,
          note: `${these.length > 1 ? `mean of ${each} (runs before and after the others); ` : ''}${these.map((r) => r.writesPerCommit.toFixed(1)).join(' and ')} writes per commit (2 per increment); ${these.reduce((s, r) => s + r.rate.refused, 0)} calls refused`,
        }),
      );
    }
  }
  rows.at(-1)!.note +=
    `; every phase: ${acked} increments acked, ${stored} stored (${stored >= acked ? `0 lost, ${stored - acked} applied but unanswered at the kill` : 'LOST SOME'})`;
  return rows;
}

async function scaling(): Promise<BenchRow[]> {
  const cluster = await BenchCluster.create(LEASE_MS);
  try {
    const runs: Run[] = [];
    const measure = async (entry: Run['entry']) => {
      const route = entry === 'owner' ? ownerEntry(cluster) : randomEntry(cluster);
      const before = await cluster.commitTotals();
      const rate = await incrementRate(route);
      const after = await cluster.commitTotals();
      const writesPerCommit = (after.writes - before.writes) / Math.max(1, after.commits - before.commits);
      runs.push({ nodes: cluster.live.size, entry, rate, writesPerCommit });
    };
    await cluster.start('n1');
    await measure('random');
    await cluster.start('n2');
    await measure('random');
    await measure('owner');
    await cluster.start('n3');
    await measure('random');
    await measure('owner');
    const { same, cross, agree, keys } = await askLatencies(cluster);
    const failover = await failoverUnderLoad(cluster, 'n3', LEASE_MS);
    await measure('random');
    await cluster.stop('n2'); // SIGTERM: drains, releases, leaves
    await measure('random');
    const acked = runs.reduce((sum, r) => sum + r.rate.acked, 0) + failover.acked;
    const latencyNote = `3 nodes; ${LATENCY_PAIRS} sequential asks each, alternating (bench-resident get: commits nothing) over ${keys} actors; owner from actor_owner (${agree} of ${keys} where the ring says)`;
    const latency = (q: number) => [
      row({
        suite: SUITE,
        name: `ask latency p${q * 100}, entering the owning node`,
        value: percentile(same, q),
        unit: 'ms',
        note: latencyNote,
      }),
      row({
        suite: SUITE,
        name: `ask latency p${q * 100}, entering another node (one NATS hop)`,
        value: percentile(cross, q),
        unit: 'ms',
        baseline: percentile(same, q),
      }),
    ];
    return [
      ...throughputRows(runs, acked, await cluster.storedSum('counter')),
      ...latency(0.5),
      ...latency(0.99),
      ...failover.rows,
    ];
  } finally {
    await cluster.close();
  }
}

async function residents(): Promise<BenchRow[]> {
  const cluster = await BenchCluster.create(RESIDENTS_LEASE_MS, { synchronousCommit: 'off' });
  try {
    await cluster.start('n1', 'n2', 'n3');
    return await residentsAcrossNodes(cluster, RESIDENTS_LEASE_MS);
  } finally {
    await cluster.close();
  }
}

export async function clusterBench(): Promise<BenchRow[]> {
  return [...(await scaling()), ...(await residents())];
}
