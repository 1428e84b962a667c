// Failover under load: 64 callers increment random counters through the live nodes; one node is
// SIGKILLed, and each actor it owned (actor_owner) is probed through the surviving nodes until a
// call to it succeeds again. Its actors move once its lease lapsed and a survivor's heartbeat saw
// that (lease + at most a third of it), then the ring's new choice claims each on its next message.
import { CALLERS, COUNTERS, pick } from './cluster-load.ts';
import type { BenchCluster } from './cluster-nodes.ts';
import { type BenchRow, percentile, row, sleep } from './report.ts';

const SUITE = 'cluster';
const PROBE_EVERY_MS = 50;
/**
 * The deadline of each probe and load call. A call that had reached the node before it died gets
 * no answer and waits out its deadline (30 s by default): a short one keeps probing.
 */
const CALL_TIMEOUT_MS = 1_000;
const GIVE_UP_MS = 30_000;
const LOAD_BEFORE_KILL_MS = 2_000;

export interface Failover {
  rows: BenchRow[];
  /** Increments acknowledged during the phase (for the durability check). */
  acked: number;
}

export async function failoverUnderLoad(
  cluster: BenchCluster,
  victim: string,
  leaseMs: number,
): Promise<Failover> {
  const survivor = () => pick([...cluster.live.values()]);
  let stop = false;
  let acked = 0;
  let refused = 0;
  let timedOut = 0;
  const failed = (error: unknown) => {
    if ((error as { data?: { code?: string } }).data?.code === 'TIMEOUT') timedOut++;
  };
  const load = Promise.all(
    Array.from({ length: CALLERS }, async () => {
      while (!stop) {
        const key = pick(COUNTERS);
        try {
          await survivor().wire.ask('counter', key, 'increment', { by: 1 }, { timeoutMs: CALL_TIMEOUT_MS });
          acked++;
        } catch (error) {
          refused++; // the victim's actors until they moved; the caller goes on with another counter
          failed(error);
          await sleep(20);
        }
      }
    }),
  );
  await sleep(LOAD_BEFORE_KILL_MS); // every counter is touched: resident and owned somewhere
  const owners = await cluster.owners('counter');
  const owned = [...owners].filter(([, node]) => node === victim).map(([key]) => key);
  const [ackedBefore, refusedBefore] = [acked, refused];
  const killedAt = performance.now();
  const killed = cluster.kill(victim); // SIGKILL now; the victim leaves the live set at once
  const probe = async (key: string): Promise<number> => {
    for (;;) {
      try {
        await survivor().wire.ask('counter', key, 'get', {}, { timeoutMs: CALL_TIMEOUT_MS });
        return performance.now() - killedAt;
      } catch (error) {
        failed(error);
        if (performance.now() - killedAt > GIVE_UP_MS) return Number.POSITIVE_INFINITY;
        await sleep(PROBE_EVERY_MS);
      }
    }
  };
  const times = (await Promise.all(owned.map(probe))).sort((a, b) => a - b);
  const outage = performance.now() - killedAt;
  const ackedDuring = acked - ackedBefore;
  await killed;
  stop = true;
  await load;
  const lost = times.filter((t) => !Number.isFinite(t)).length;
  const note = `${owned.length} counters owned by ${victim} at the kill (of ${owners.size}), each probed (get) through a random survivor every ${PROBE_EVERY_MS} ms until it answered, ${CALL_TIMEOUT_MS} ms deadline per call; TROUPE_CLUSTER_LEASE_MS=${leaseMs}; ${lost} not back within ${GIVE_UP_MS / 1000} s; ${timedOut} calls waited out their deadline`;
  const at = (value: number, name: string) =>
    row({
      suite: SUITE,
      name: `failover after SIGKILL of 1 of 3 nodes under load, ${name}`,
      value,
      unit: 'ms',
      note,
    });
  return {
    acked,
    rows: [
      at(percentile(times, 0.5), 'p50'),
      at(percentile(times, 0.99), 'p99'),
      at(times.at(-1) ?? Number.NaN, 'max'),
      row({
        suite: SUITE,
        name: '64 callers during the failover (kill until the last actor answered), entering a random survivor',
        value: ackedDuring / (outage / 1000),
        unit: 'increments/s',
        baseline: ackedBefore / (LOAD_BEFORE_KILL_MS / 1000),
        note: `baseline: the ${LOAD_BEFORE_KILL_MS / 1000} s before the kill (3 nodes); ${refused - refusedBefore} calls refused after the kill, ${refusedBefore} before`,
      }),
    ],
  };
}
