// What a turn commits besides its state, staged into the batch now collecting so that it commits
// atomically with the state: alarms it scheduled or cancelled, stream appends and trims, the
// deletion of the alarm that fired it (with a cron schedule's next occurrence), and the answer to a
// keyed (idempotent) invocation.
import type { CommitBatcher, PendingBatch } from './commit-batcher.ts';
import { parseCron } from './cron.ts';
import type { ActorSelf } from './definition.ts';
import type { Envelope } from './envelope.ts';
import { serializeResult } from './idempotency.ts';
import type { AlarmCancel, AlarmWrite, CommitBatch } from './storage.ts';
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
    batch.alarmsDeleted.push(fired.id);
    const next = fired.cron && nextCronRun(context, envelope, fired.cron);
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
 * A cron schedule continues from its next match after now, unless the turn cancelled or replaced
 * it: runs missed while the server was down fire once (this turn), not once per missed match.
 */
function nextCronRun(context: TurnContext, envelope: Envelope, cron: string): AlarmWrite | null {
  const action = envelope.action;
  if (context.alarmCancels?.some((c) => c.action === action)) return null;
  const { type, key } = context.self;
  const dueAt = parseCron(cron).nextAfter(context.now());
  return { type, key, action, args: JSON.stringify(envelope.args ?? null), dueAt, cron };
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
