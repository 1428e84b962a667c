// Changes an operator's partition count while the pipeline runs, atomically, as a redo log. With
// intake held and the pipeline drained (the caller holds it exclusive, no batch pending), every
// window of the operator is exported, and ONE durable intent {operator, from, to, windows} is
// written in one commit. Only then is every old and new partition's state replaced from that
// snapshot, and the new spec saved in the commit that clears the intent. Replacing from the
// snapshot is idempotent, so an intent found at start-up (a crash in between) is simply applied
// again before the pipeline runs: a rescale happens wholly or not at all, and no window is lost,
// duplicated or left in two partitions.
import type { Runtime } from '../runtime/runtime.ts';
import type { LivePipeline } from './live-pipeline.ts';
import { OPERATOR_TYPE, operatorKey, partitionOf } from './partition.ts';

export interface RescaleIntent {
  operatorIndex: number;
  from: number;
  to: number;
  /** Every window of the operator as [key, window] entries (keys are client sensor ids). */
  windows: [string, unknown][];
}

export interface RescaleLog {
  /** Writes the intent durably, in one commit. */
  begin(intent: RescaleIntent): Promise<void>;
  /** Saves the pipeline's spec and clears the intent, in one commit. */
  commit(): Promise<void>;
}

/** The caller holds the pipeline exclusive with no batch pending. */
export async function rescaleOperator(
  runtime: Runtime,
  pipeline: LivePipeline,
  operatorIndex: number,
  to: number,
  log: RescaleLog,
): Promise<void> {
  const from = pipeline.partitions[operatorIndex]!;
  if (from === to) return;
  const windows: [string, unknown][] = [];
  for (let p = 0; p < from; p++) {
    const ref = runtime.get(OPERATOR_TYPE, operatorKey(pipeline.id, operatorIndex, p));
    windows.push(...(await ref.ask<[string, unknown][]>('exportWindows', {})));
  }
  const intent = { operatorIndex, from, to, windows };
  await log.begin(intent);
  await applyRescale(runtime, pipeline, intent, log);
}

/** Places the snapshot under the new partitioning, switches routing, commits. Idempotent. */
export async function applyRescale(
  runtime: Runtime,
  pipeline: LivePipeline,
  intent: RescaleIntent,
  log: RescaleLog,
): Promise<void> {
  const { operatorIndex, from, to } = intent;
  const placed = new Map<number, [string, unknown][]>();
  for (const entry of intent.windows) {
    const target = partitionOf(entry[0], to);
    const entries = placed.get(target);
    if (entries) entries.push(entry);
    else placed.set(target, [entry]);
  }
  // Every old and new partition gets its complete new state, "none" included, so no key can live in
  // two partitions once routing switches, whichever replacements a crash had already made.
  for (let p = 0; p < Math.max(from, to); p++) {
    const ref = runtime.get(OPERATOR_TYPE, operatorKey(pipeline.id, operatorIndex, p));
    await ref.ask('replaceWindows', { entries: placed.get(p) ?? [] });
  }
  pipeline.partitions[operatorIndex] = to;
  pipeline.spec.operators[operatorIndex]!.partitions = to;
  await log.commit();
}
