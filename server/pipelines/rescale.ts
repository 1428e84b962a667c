// Changes an operator's partition count while the pipeline runs, exactly: intake is held and the
// pipeline drained (no event in flight), then every key's window state moves to the partition its
// hash now maps to, and only then does routing switch. No event is lost, duplicated or reordered.
import type { Runtime } from '../runtime/runtime.ts';
import type { LivePipeline } from './live-pipeline.ts';
import { OPERATOR_TYPE } from './operator-actor.ts';
import { operatorKey, partitionOf } from './partition.ts';

export async function rescaleOperator(
  runtime: Runtime,
  pipeline: LivePipeline,
  operatorIndex: number,
  partitions: number,
  persist: () => Promise<void>,
): Promise<void> {
  await pipeline.exclusive(async () => {
    const before = pipeline.partitions[operatorIndex]!;
    if (before === partitions) return;
    const ref = (partition: number) =>
      runtime.get(OPERATOR_TYPE, operatorKey(pipeline.id, operatorIndex, partition));

    // Keys are client sensor ids: they move as [key, window] entries, never as object keys.
    const placed = new Map<number, [string, unknown][]>();
    for (let p = 0; p < before; p++) {
      for (const entry of await ref(p).ask<[string, unknown][]>('exportWindows', {})) {
        const target = partitionOf(entry[0], partitions);
        const entries = placed.get(target);
        if (entries) entries.push(entry);
        else placed.set(target, [entry]);
      }
    }
    // Every old and new partition gets its complete new state, including "none" for the ones
    // that shrink away, so no key can live in two partitions once routing switches.
    for (let p = 0; p < Math.max(before, partitions); p++) {
      const entries = placed.get(p) ?? [];
      if (p >= before && entries.length === 0) continue; // new and empty: nothing to write
      await ref(p).ask('replaceWindows', { entries });
    }
    pipeline.partitions[operatorIndex] = partitions;
    pipeline.spec.operators[operatorIndex]!.partitions = partitions;
    await persist();
  });
}
