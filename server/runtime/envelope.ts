import type { ActorSelf } from './definition.ts';
import { ActorError } from './errors.ts';
import type { AnswerLookup } from './idempotency.ts';

export interface Reply {
  result: unknown;
  /** The actor's state version once this turn's writes are committed. */
  version: number;
}

/** One message to one actor: plain data plus, for asks, where the reply goes. */
export interface Envelope {
  kind: 'ask' | 'tell' | 'alarm';
  action: string;
  /** Validated against the type's schema at the edge (message-validation.ts). */
  args: unknown;
  /** The args as sent: a message queued across a redeploy is validated again by the new version. */
  sentArgs: unknown;
  /** Epoch ms after which an unanswered ask fails with TIMEOUT (Infinity for tells). */
  deadline: number;
  enqueuedAt: number;
  /** Receives a Reply, or only the result when `resultOnly` (plain ask: no wrapper object). */
  resolve?: (value: unknown) => void;
  resultOnly?: boolean;
  reject?: (error: ActorError) => void;
  alarm?: {
    id: number;
    attempt: number;
    /** A cron schedule's expression: the turn's commit adds its next occurrence. */
    cron: string | null;
    onDone: (error?: ActorError) => void;
  };
  /** Applies the action at most once per actor and key (see idempotency.ts). */
  idempotencyKey?: string;
  /** The storage lookup of `idempotencyKey`, started when the message reached an active activation. */
  lookup?: AnswerLookup;
  /** Set once the caller has its answer (reply, error or timeout); a settled envelope is skipped. */
  settled?: boolean;
}

/** Answers an envelope once; later answers (after a timeout, say) are ignored. */
export function answerEnvelope(envelope: Envelope, result: unknown, version: number): void {
  if (envelope.settled) return;
  envelope.settled = true;
  envelope.resolve?.(envelope.resultOnly ? result : ({ result, version } satisfies Reply));
  envelope.alarm?.onDone();
}

/** Fails an envelope once, whichever of failure, timeout or answer comes first. */
export function failEnvelope(envelope: Envelope, error: ActorError): void {
  if (envelope.settled) return;
  envelope.settled = true;
  envelope.reject?.(error);
  envelope.alarm?.onDone(error);
}

/** Fails a queued ask whose deadline passed before its turn came: it will never run. */
export function expireQueued(envelope: Envelope, actor: ActorSelf): void {
  const message = `${actor.type}/${actor.key} did not answer ${envelope.action} in time (still queued)`;
  failEnvelope(envelope, new ActorError('TIMEOUT', message));
}

/**
 * Messages held outside a mailbox (a spawn-only existence check, a destroy fence): drops settled
 * ones, expires those past their deadline. Returns the ones still waiting and how many expired.
 */
export function expireWaiting(waiting: Envelope[], actor: ActorSelf, now: number): [Envelope[], number] {
  let expired = 0;
  const kept = waiting.filter((envelope) => {
    if (envelope.settled) return false;
    if (envelope.deadline > now) return true;
    expireQueued(envelope, actor);
    expired++;
    return false;
  });
  return [kept, expired];
}
