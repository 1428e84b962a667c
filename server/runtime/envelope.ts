import type { ActorError } from './errors.ts';

export interface Reply {
  result: unknown;
  /** The actor's state version once this turn's writes are committed. */
  version: number;
}

/** One message to one actor: plain data plus, for asks, where the reply goes. */
export interface Envelope {
  kind: 'ask' | 'tell' | 'alarm';
  action: string;
  args: unknown;
  /** Epoch ms after which an unanswered ask fails with TIMEOUT (Infinity for tells). */
  deadline: number;
  enqueuedAt: number;
  resolve?: (reply: Reply) => void;
  reject?: (error: ActorError) => void;
  alarm?: { id: number; attempt: number; onDone: (error?: ActorError) => void };
  /** Set once the caller has its answer (reply, error or timeout); a settled envelope is skipped. */
  settled?: boolean;
}

/** Settles an envelope exactly once, whichever of reply, failure or timeout comes first. */
export function settle(envelope: Envelope, outcome: { reply: Reply } | { error: ActorError }): void {
  if (envelope.settled) return;
  envelope.settled = true;
  const { resolve, reject, alarm } = envelope;
  if ('reply' in outcome) {
    resolve?.(outcome.reply);
    alarm?.onDone();
  } else {
    reject?.(outcome.error);
    alarm?.onDone(outcome.error);
  }
}
