// Cost-aware micro-batching. A turn cannot be preempted, so an expensive operator fed one big
// batch would hold the event loop for the whole batch and no scheduler could keep other pipelines
// responsive. Batches are therefore cut so one turn of the target operator costs about
// TURN_BUDGET_MS (from its measured cost per event): cheap operators get whole batches (throughput),
// expensive ones get small messages that the DRR scheduler can interleave with other pipelines.
// Chunks for one partition are sent one after another, preserving per-key order and keeping at
// most one message per sender in a partition's mailbox.
import type { ActorRefLike } from '../runtime/definition.ts';
import type { TRecord } from './operators.ts';
import { HOP_TIMEOUT_MS } from './pipeline-view.ts';
import type { OperatorCounters } from './stats.ts';

const TURN_BUDGET_MS = 1;
const MAX_CHUNK = 8192;
/** Weight of the newest measurement in the cost-per-event moving average. */
const EWMA = 0.2;

export function recordCost(counters: OperatorCounters, events: number, elapsedMs: number): void {
  if (events === 0) return;
  const perEvent = elapsedMs / events;
  counters.costPerEventMs =
    counters.costPerEventMs === 0 ? perEvent : counters.costPerEventMs * (1 - EWMA) + perEvent * EWMA;
}

/**
 * Events per message for an operator. Keyed (exactly-once) deliveries must cut the same chunks
 * when retried after a crash, so they use the spec's declared cost only; unkeyed ones adapt to
 * the measured cost.
 */
export function chunkSize(
  counters: OperatorCounters | undefined,
  declaredCostMs: number,
  keyed: boolean,
): number {
  const cost = keyed ? declaredCostMs : Math.max(counters?.costPerEventMs ?? 0, declaredCostMs);
  if (cost <= 0) return MAX_CHUNK;
  return Math.max(1, Math.min(MAX_CHUNK, Math.floor(TURN_BUDGET_MS / cost)));
}

/**
 * Sends `records` to one partition as consecutive messages. With a `key` (the delivery's identity),
 * every message gets a derived idempotency key, so a retry after a crash is applied once.
 */
export async function sendInChunks(
  ref: ActorRefLike,
  records: TRecord[],
  t0: number,
  size: number,
  key?: string,
): Promise<void> {
  for (let start = 0, index = 0; start < records.length; start += size, index++) {
    const chunk = start === 0 && records.length <= size ? records : records.slice(start, start + size);
    const chunkKey = key === undefined ? undefined : `${key}.${index}`;
    await ref.ask(
      'process',
      { records: chunk, t0, key: chunkKey },
      { timeoutMs: HOP_TIMEOUT_MS, idempotencyKey: chunkKey },
    );
  }
}
