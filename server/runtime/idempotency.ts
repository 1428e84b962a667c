// Idempotent invocations: an invocation carrying an idempotency key is applied at most once per
// actor and key. Its answer is committed in the same batch as the turn's state, so after a crash
// either both exist or neither does. The durable record decides, whatever memory holds: a keyed
// message is checked when its turn comes (not when it was sent), against this activation's answers
// (kept until committed, so storage can always be asked about the rest) and then against storage.
import type { CancelTimer, Clock } from './clock.ts';
import { ActorError } from './errors.ts';
import type { RuntimeLogger } from './logger.ts';
import type { StorageDriver } from './storage.ts';

/** Committed answers kept in memory per activation; older ones are found in storage. */
const RECENT_PER_ACTOR = 256;
const PRUNE_EVERY_MS = 60_000;

export interface RecordedAnswer {
  result: unknown;
  version: number;
}

interface Remembered extends RecordedAnswer {
  committed: boolean;
}

/**
 * One activation's memory of the answers it gave. An answer is never forgotten before its commit
 * (until then storage cannot know it); committed ones are forgotten oldest first beyond a bound.
 * `forgotten` counts those evictions: a storage lookup that started before the latest eviction may
 * have missed a record that memory no longer holds, and must be repeated.
 */
export class AnswerMemory {
  private readonly answers = new Map<string, Remembered>();
  forgotten = 0;

  get(idemKey: string): RecordedAnswer | undefined {
    return this.answers.get(idemKey);
  }

  /** Remembers an answer whose commit is pending; `committed(idemKey)` once it is durable. */
  remember(idemKey: string, answer: RecordedAnswer): void {
    this.answers.set(idemKey, { ...answer, committed: false });
  }

  committed(idemKey: string): void {
    const entry = this.answers.get(idemKey);
    if (entry) entry.committed = true;
    // Answers commit in the order they were given, so the oldest uncommitted one ends the sweep.
    for (const [oldest, answer] of this.answers) {
      if (this.answers.size <= RECENT_PER_ACTOR || !answer.committed) break;
      this.answers.delete(oldest);
      this.forgotten++;
    }
  }
}

/**
 * Asks storage whether a keyed invocation was already answered. Begun for a message once its
 * activation is active, i.e. after every earlier activation of the actor flushed its writes.
 */
export function startAnswerLookup(
  owner: object,
  memory: AnswerMemory,
  find: () => Promise<RecordedAnswer | undefined>,
  logger: RuntimeLogger,
): AnswerLookup {
  const lookup: AnswerLookup = {
    owner,
    forgottenAtStart: memory.forgotten,
    done: false,
    answer: undefined,
    error: undefined,
    finished: Promise.resolve(),
  };
  lookup.finished = find().then(
    (answer) => {
      lookup.answer = answer;
      lookup.done = true;
    },
    (error: unknown) => {
      logger.error({ err: error }, 'idempotency lookup failed');
      lookup.error = new ActorError(
        'UNAVAILABLE',
        'storage failed; the idempotency key could not be checked',
      );
      lookup.done = true;
    },
  );
  return lookup;
}

/**
 * Whether a lookup can still say "never answered": one begun by another activation, or before this
 * memory forgot a committed answer, may have missed that answer and must be repeated.
 */
export function isCurrent(
  lookup: AnswerLookup | undefined,
  owner: object,
  memory: AnswerMemory | null,
): boolean {
  return (
    lookup !== undefined && lookup.owner === owner && lookup.forgottenAtStart === (memory?.forgotten ?? 0)
  );
}

/** A storage lookup of one keyed message, valid for the activation and memory state it began in. */
export interface AnswerLookup {
  owner: object;
  forgottenAtStart: number;
  done: boolean;
  answer: RecordedAnswer | undefined;
  error: ActorError | undefined;
  /** Settles (never rejects) once the lookup is done. */
  finished: Promise<void>;
}

/** Deletes records older than the dedup window, every minute. */
export class IdempotencyJanitor {
  private cancel: CancelTimer | null = null;

  constructor(
    private readonly driver: StorageDriver,
    private readonly clock: Clock,
    private readonly ttlMs: number,
    private readonly logger: RuntimeLogger,
  ) {}

  start(): void {
    const tick = () => {
      void this.driver
        .pruneIdempotency(this.clock.now() - this.ttlMs)
        .catch((error) => this.logger.error({ err: error }, 'idempotency prune failed'))
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
