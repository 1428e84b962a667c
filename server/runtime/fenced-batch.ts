// Cluster mode fences commits: a node may commit an actor's writes only while it still owns the
// actor (server/cluster). A driver that finds some actors of a batch fenced commits the rest of the
// batch without them, so one moved actor does not fail the turns of every other actor in the batch.
import { actorId, type CommitBatch } from './storage.ts';

/** Every actor that has a write in the batch (actorId spelling). */
export function actorsOf(batch: CommitBatch): Set<string> {
  const ids = new Set<string>();
  for (const part of [
    batch.states,
    batch.alarmsAdded,
    batch.alarmsDeleted,
    batch.alarmsCancelled,
    batch.journal,
    batch.lifecycle,
    batch.idempotency,
  ])
    for (const write of part) ids.add(actorId(write.type, write.key));
  return ids;
}

/**
 * The batch without any write of the refused actors. Stream appends and trims are kept: they are
 * written by pipeline sinks, which are placed with their pipeline rather than fenced per actor.
 */
export function withoutActors(batch: CommitBatch, refused: ReadonlySet<string>): CommitBatch {
  const kept = <T extends { type: string; key: string }>(writes: T[]) =>
    writes.filter((w) => !refused.has(actorId(w.type, w.key)));
  return {
    states: kept(batch.states),
    alarmsAdded: kept(batch.alarmsAdded),
    alarmsDeleted: kept(batch.alarmsDeleted),
    alarmsCancelled: kept(batch.alarmsCancelled),
    journal: kept(batch.journal),
    lifecycle: kept(batch.lifecycle),
    streamAppends: batch.streamAppends,
    streamTrims: batch.streamTrims,
    idempotency: kept(batch.idempotency),
  };
}
