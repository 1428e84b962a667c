// Counter workload with a ledger: every increment carries a unique idempotency key, and the ledger
// records which keys were attempted and which were acknowledged (with the count they returned).
// After a crash or a shutdown the ledger says exactly what storage must contain.
import { classify, type Failure, inParallel, type TroupeRpc } from './clients.ts';
import { pick, type Rng } from './rng.ts';

export interface CounterLedger {
  /** idempotency key -> counter key, for every increment sent (or about to be sent). */
  attempted: Map<string, string>;
  /** idempotency key -> the count the acknowledged increment returned. */
  acked: Map<string, number>;
  /** idempotency key -> why the call failed. */
  failed: Map<string, Failure>;
}

export const newLedger = (): CounterLedger => ({ attempted: new Map(), acked: new Map(), failed: new Map() });

export const counterKeys = (count: number, prefix = 'c') =>
  Array.from({ length: count }, (_, i) => `${prefix}-${String(i).padStart(3, '0')}`);

export interface CounterLoadOptions {
  client: TroupeRpc;
  counters: string[];
  workers: number;
  rng: Rng;
  /** Prefix of the idempotency keys (unique per run). */
  prefix: string;
  ledger: CounterLedger;
  /** Workers stop starting new calls once this returns true. */
  stopped: () => boolean;
  /** Per-call deadline: a call still unanswered after it counts as a hang. */
  callTimeoutMs?: number;
}

/** Runs `workers` loops of increments until stopped, or until the server stops answering. */
export async function runCounterLoad(options: CounterLoadOptions): Promise<void> {
  const { client, counters, rng, prefix, ledger, stopped } = options;
  let sequence = 0;
  const worker = async () => {
    while (!stopped()) {
      const counter = pick(rng, counters);
      const idempotencyKey = `${prefix}-${sequence++}`;
      ledger.attempted.set(idempotencyKey, counter);
      try {
        const reply = await client.actors.invoke.mutate(
          { type: 'counter', key: counter, action: 'increment', args: { by: 1 }, idempotencyKey },
          { signal: AbortSignal.timeout(options.callTimeoutMs ?? 30_000) },
        );
        if ('result' in reply) ledger.acked.set(idempotencyKey, reply.result as number);
      } catch (error) {
        const failure = classify(error);
        ledger.failed.set(idempotencyKey, failure);
        // The server is gone (killed or closed): this worker's part of the run is over.
        if (failure.kind !== 'typed') return;
      }
    }
  };
  await Promise.all(Array.from({ length: options.workers }, worker));
}

/** Reads every counter's count (an ask of `get`, which activates it from storage). */
export async function readCounts(client: TroupeRpc, counters: string[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  await inParallel(counters, 16, async (key) => {
    const reply = await client.actors.invoke.mutate({ type: 'counter', key, action: 'get', args: {} });
    counts.set(key, 'result' in reply ? (reply.result as number) : Number.NaN);
  });
  return counts;
}

export interface CounterCheck {
  attempted: number;
  acked: number;
  /** Sum of the counts found in storage after the restart, before any retry. */
  found: number;
  /** Acknowledged increments missing from storage (must be 0). */
  lost: number;
  /** Increments applied more than once: counts above the attempts, or changed answers on retry (must be 0). */
  duplicated: number;
  /** Attempted but unacknowledged increments that were nevertheless applied before the crash. */
  inDoubtApplied: number;
  /** Retries sent (every unacknowledged key, plus a sample of acknowledged ones). */
  retried: number;
  /** After retrying, how far the counts are from the number of distinct keys attempted (must be 0). */
  finalMismatch: number;
  /** Two acknowledged increments of one counter that returned the same count (must be 0). */
  conflictingAcks: number;
}

/**
 * Compares storage with the ledger, then retries every unacknowledged key (and `ackedSample`
 * acknowledged ones) with the same idempotency key and checks that every counter ends at exactly
 * the number of distinct keys attempted on it.
 */
export async function checkCounters(
  client: TroupeRpc,
  counters: string[],
  ledger: CounterLedger,
  rng: Rng,
  ackedSample = 200,
): Promise<CounterCheck> {
  const attemptedPer = tally(counters, ledger.attempted.values());
  const ackedPer = tally(
    counters,
    [...ledger.acked.keys()].map((k) => ledger.attempted.get(k)!),
  );
  let conflictingAcks = 0;
  const seenResults = new Set<string>();
  for (const [idemKey, result] of ledger.acked) {
    const id = `${ledger.attempted.get(idemKey)}#${result}`;
    if (seenResults.has(id)) conflictingAcks++;
    seenResults.add(id);
  }

  const before = await readCounts(client, counters);
  let found = 0;
  let lost = 0;
  let duplicated = 0;
  for (const key of counters) {
    const count = before.get(key)!;
    found += count;
    lost += Math.max(0, ackedPer.get(key)! - count);
    duplicated += Math.max(0, count - attemptedPer.get(key)!);
  }

  const unacked = [...ledger.attempted.keys()].filter((k) => !ledger.acked.has(k));
  const ackedKeys = [...ledger.acked.keys()];
  const sample = Array.from({ length: Math.min(ackedSample, ackedKeys.length) }, () => pick(rng, ackedKeys));
  const retryFailures: string[] = [];
  await inParallel([...unacked, ...sample], 16, async (idempotencyKey) => {
    const key = ledger.attempted.get(idempotencyKey)!;
    try {
      const reply = await client.actors.invoke.mutate({
        type: 'counter',
        key,
        action: 'increment',
        args: { by: 1 },
        idempotencyKey,
      });
      const first = ledger.acked.get(idempotencyKey);
      // A retry of an acknowledged call must return the first answer, not apply again.
      if (first !== undefined && 'result' in reply && reply.result !== first) duplicated++;
    } catch (error) {
      retryFailures.push(`${idempotencyKey}: ${classify(error).message}`);
    }
  });
  if (retryFailures.length > 0) {
    throw new Error(`${retryFailures.length} retries failed, e.g. ${retryFailures.slice(0, 3).join('; ')}`);
  }
  const after = await readCounts(client, counters);
  let finalMismatch = 0;
  for (const key of counters) finalMismatch += Math.abs(after.get(key)! - attemptedPer.get(key)!);
  return {
    attempted: ledger.attempted.size,
    acked: ledger.acked.size,
    found,
    lost,
    duplicated,
    inDoubtApplied: found - ledger.acked.size,
    retried: unacked.length + sample.length,
    finalMismatch,
    conflictingAcks,
  };
}

function tally(keys: string[], values: Iterable<string>): Map<string, number> {
  const counts = new Map(keys.map((k) => [k, 0]));
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}
