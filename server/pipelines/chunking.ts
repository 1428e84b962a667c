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

export function chunkSize(counters: OperatorCounters | undefined): number {
  const cost = counters?.costPerEventMs ?? 0;
  if (cost <= 0) return MAX_CHUNK;
  return Math.max(1, Math.min(MAX_CHUNK, Math.floor(TURN_BUDGET_MS / cost)));
}

export async function sendInChunks(
  ref: ActorRefLike,
  records: TRecord[],
  t0: number,
  size: number,
): Promise<void> {
  for (let start = 0; start < records.length; start += size) {
    const chunk = start === 0 && records.length <= size ? records : records.slice(start, start + size);
    await ref.ask('process', { records: chunk, t0 }, { timeoutMs: HOP_TIMEOUT_MS });
  }
}
