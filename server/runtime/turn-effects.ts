// What a turn commits besides its state, staged into the batch now collecting so that it commits
// atomically with the state: alarms it scheduled or cancelled, stream appends and trims, the
// deletion of the alarm that fired it (with a cron schedule's next occurrence), and the answer to a
// keyed (idempotent) invocation.
import type { CommitBatcher, PendingBatch } from './commit-batcher.ts';
import { parseCron } from './cron.ts';
import type { ActorSelf } from './definition.ts';
import type { Envelope } from './envelope.ts';
import { serializeResult } from './idempotency.ts';
import type { AlarmAdd, AlarmCancel, CommitBatch } from './storage.ts';
import type { TurnContext } from './turn-context.ts';

/** The batch the effects went into, or null when the turn had none. */
export function stageEffects(
  batcher: CommitBatcher,
  context: TurnContext,
  envelope?: Envelope,
): PendingBatch | null {
  const { alarms, alarmCancels } = context;
  const fired = envelope?.alarm;
  if (!alarms && !alarmCancels && !context.appends && !context.trims && !fired) return null;
  const pending = batcher.current();
  const { batch } = pending;
  if (alarmCancels) for (const cancel of alarmCancels) stageCancel(batch, cancel);
  if (alarms) for (const alarm of alarms) batch.alarmsAdded.push(alarm);
  if (context.appends) for (const entry of context.appends) batch.streamAppends.push(entry);
  if (context.trims) for (const trim of context.trims) batch.streamTrims.push(trim);
  if (fired) {
    batch.alarmsDeleted.push({ id: fired.id, type: context.self.type, key: context.self.key });
    const next = fired.cron && nextCronRun(batch, context, envelope, fired.id, fired.cron);
    if (next) batch.alarmsAdded.push(next);
  }
  return pending;
}

/**
 * The storage applies cancels before adds, so an add staged earlier in this batch (by an earlier
 * turn) that the cancel covers is dropped here: the outcome is the one of applying turns in order.
 */
function stageCancel(batch: CommitBatch, cancel: AlarmCancel): void {
  batch.alarmsAdded = batch.alarmsAdded.filter(
    (a) =>
      a.type !== cancel.type ||
      a.key !== cancel.key ||
      a.action !== cancel.action ||
      (cancel.cronOnly && a.cron === null),
  );
  batch.alarmsCancelled.push(cancel);
}

/**
 * A cron schedule continues from its next match after now: runs missed while the server was down
 * fire once (this turn), not once per missed match. Unless it was cancelled or replaced after this
 * fire was read from storage: by this turn or an earlier one of this batch (seen here), or in a
 * batch committed meanwhile (the next occurrence `continues` the fired alarm, which is gone then).
 */
function nextCronRun(
  batch: CommitBatch,
  context: TurnContext,
  envelope: Envelope,
  firedId: number,
  cron: string,
): AlarmAdd | null {
  const action = envelope.action;
  const { type, key } = context.self;
  if (batch.alarmsCancelled.some((c) => c.action === action && c.key === key && c.type === type)) return null;
  const dueAt = parseCron(cron).nextAfter(context.now());
  return { type, key, action, args: JSON.stringify(envelope.args ?? null), dueAt, cron, continues: firedId };
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
