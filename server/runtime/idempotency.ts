// Idempotent invocations: an ask carrying an idempotency key is applied at most once per actor and
// key. Its answer is committed in the same batch as the turn's state, so after a crash either both
// exist or neither does; a retry finds the answer (in memory, or in storage after a restart)
// instead of applying the action again. Records live for a bounded window, then are pruned.
import type { CancelTimer, Clock } from './clock.ts';
import type { StorageDriver } from './storage.ts';

/** Answers kept in memory per activation; older ones are still found in storage. */
const RECENT_PER_ACTOR = 256;
const PRUNE_EVERY_MS = 60_000;

export interface RecordedAnswer {
  result: unknown;
  version: number;
}

/** Bounded per-actor memory of recent answers (insertion-ordered Map as a FIFO). */
export class RecentAnswers {
  private readonly answers = new Map<string, RecordedAnswer>();

  get(idemKey: string): RecordedAnswer | undefined {
    return this.answers.get(idemKey);
  }

  remember(idemKey: string, answer: RecordedAnswer): void {
    this.answers.set(idemKey, answer);
    if (this.answers.size > RECENT_PER_ACTOR) this.answers.delete(this.answers.keys().next().value!);
  }
}

/** Deletes records older than the dedup window, every minute. */
export class IdempotencyJanitor {
  private cancel: CancelTimer | null = null;

  constructor(
    private readonly driver: StorageDriver,
    private readonly clock: Clock,
    private readonly ttlMs: number,
  ) {}

  start(): void {
    const tick = () => {
      void this.driver
        .pruneIdempotency(this.clock.now() - this.ttlMs)
        .catch((error) => console.error('idempotency prune failed', error))
        .finally(() => {
          if (this.cancel) this.cancel = this.clock.setTimer(tick, PRUNE_EVERY_MS);
        });
    };
    this.cancel = this.clock.setTimer(tick, PRUNE_EVERY_MS);
  }

  stop(): void {
    this.cancel?.();
    this.cancel = null;
  }
}

export function serializeResult(result: unknown): string {
  try {
    return JSON.stringify(result ?? null);
  } catch {
    return JSON.stringify('[unserializable result]');
  }
}
