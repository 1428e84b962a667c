// What a turn commits besides its state, staged into the batch now collecting so that it commits
// atomically with the state: alarms it scheduled, stream appends and trims, the deletion of the
// alarm that fired it, and the answer to a keyed (idempotent) invocation.
import type { CommitBatcher, PendingBatch } from './commit-batcher.ts';
import type { ActorSelf } from './definition.ts';
import type { Envelope } from './envelope.ts';
import { serializeResult } from './idempotency.ts';
import type { TurnContext } from './turn-context.ts';

/** The batch the effects went into, or null when the turn had none. */
export function stageEffects(
  batcher: CommitBatcher,
  context: TurnContext,
  envelope?: Envelope,
): PendingBatch | null {
  if (!context.alarms && !context.appends && !context.trims && !envelope?.alarm) return null;
  const pending = batcher.current();
  const { batch } = pending;
  if (context.alarms) for (const alarm of context.alarms) batch.alarmsAdded.push(alarm);
  if (context.appends) for (const entry of context.appends) batch.streamAppends.push(entry);
  if (context.trims) for (const trim of context.trims) batch.streamTrims.push(trim);
  if (envelope?.alarm) batch.alarmsDeleted.push(envelope.alarm.id);
  return pending;
}

/** Stages the answer with the turn, so a retry after a crash finds it exactly when the turn is durable. */
export function stageAnswer(
  batcher: CommitBatcher,
  self: ActorSelf,
  idemKey: string,
  result: unknown,
  version: number,
  at: number,
): PendingBatch {
  const pending = batcher.current();
  const { type, key } = self;
  pending.batch.idempotency.push({ type, key, idemKey, result: serializeResult(result), version, at });
  return pending;
}
