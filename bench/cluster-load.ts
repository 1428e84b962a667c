// Load on a bench cluster from this process: where calls enter (a random node, as a plain load
// balancer would send them, or the node the ring prefers, as a placement-aware client would),
// durable increments from 64 callers, and sequential ask latency entering the owner or another node.
import { RendezvousRing } from '../server/cluster/rendezvous.ts';
import { actorId } from '../server/runtime/storage.ts';
import type { BenchCluster, BenchNode } from './cluster-nodes.ts';
import { sleep } from './report.ts';

export const CALLERS = 64;
export const COUNTERS = Array.from({ length: 1_000 }, (_, i) => `c-${i}`);
const WARM_MS = 500;
const RUN_MS = 3_000;
const LATENCY_KEYS = Array.from({ length: 30 }, (_, i) => `lat-${i}`);
export const LATENCY_PAIRS = 3_000;
const LATENCY_WARM_PAIRS = 300;

export const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)]!;

export type Route = (type: string, key: string) => BenchNode;

export const randomEntry =
  (cluster: BenchCluster): Route =>
  () =>
    pick([...cluster.live.values()]);

export function ownerEntry(cluster: BenchCluster): Route {
  const ring = new RendezvousRing([...cluster.live.keys()]);
  return (type, key) => cluster.live.get(ring.ownerOf(actorId(type, key))!)!;
}

export interface Rate {
  rate: number;
  /** Increments acknowledged in the whole call, warm-up included (for the durability check). */
  acked: number;
  refused: number;
}

/** 64 callers incrementing random counters; every counter touched once first (activation, moves). */
export async function incrementRate(route: Route): Promise<Rate> {
  let acked = 0;
  let refused = 0;
  const increment = async (key: string) => {
    try {
      await route('counter', key).wire.ask('counter', key, 'increment', { by: 1 });
      acked++;
    } catch {
      refused++; // a retriable refusal while an actor moves: counted, not retried
      await sleep(20);
    }
  };
  const queue = [...COUNTERS];
  const callers = (next: () => string | undefined, onDone = () => {}) =>
    Promise.all(
      Array.from({ length: CALLERS }, async () => {
        for (let key = next(); key; key = next()) {
          await increment(key);
          onDone();
        }
      }),
    );
  const randomUntil = (until: number) => () => (performance.now() < until ? pick(COUNTERS) : undefined);
  await callers(() => queue.pop());
  await callers(randomUntil(performance.now() + WARM_MS));
  let measured = 0;
  const started = performance.now();
  await callers(randomUntil(started + RUN_MS), () => measured++);
  return { rate: measured / ((performance.now() - started) / 1000), acked, refused };
}

export interface Latencies {
  same: number[];
  cross: number[];
  /** Keys whose actor_owner row names the node the ring prefers. */
  agree: number;
  keys: number;
}

/** Sequential asks (a `get` that commits nothing), alternating: entering the owner, entering another node. */
export async function askLatencies(cluster: BenchCluster): Promise<Latencies> {
  const ring = ownerEntry(cluster);
  for (const key of LATENCY_KEYS)
    await ring('bench-resident', key).wire.ask('bench-resident', key, 'get', {});
  const owners = await cluster.owners('bench-resident');
  const agree = LATENCY_KEYS.filter((key) => owners.get(key) === ring('bench-resident', key).id).length;
  const nodes = [...cluster.live.values()];
  const same: number[] = [];
  const cross: number[] = [];
  for (let i = 0; i < LATENCY_PAIRS + LATENCY_WARM_PAIRS; i++) {
    const key = LATENCY_KEYS[i % LATENCY_KEYS.length]!;
    const home = cluster.live.get(owners.get(key)!)!;
    const others = nodes.filter((n) => n !== home);
    for (const [entry, into] of [
      [home, same],
      [others[i % others.length]!, cross],
    ] as const) {
      const started = performance.now();
      await entry.wire.ask('bench-resident', key, 'get', {});
      if (i >= LATENCY_WARM_PAIRS) into.push(performance.now() - started);
    }
  }
  const sorted = (list: number[]) => list.sort((a, b) => a - b);
  return { same: sorted(same), cross: sorted(cross), agree, keys: LATENCY_KEYS.length };
}
