// Per-actor retention of the durable logs that grow with every turn and transition: the journal
// (bounded per type, see definition.ts) and the lifecycle log (bounded per actor). Writers note which
// actors they touched; every PRUNE_EVERY_MS those actors' logs are cut back, off the hot path.
import type { CancelTimer, Clock } from './clock.ts';
import type { StorageDriver } from './storage.ts';

const PRUNE_EVERY_MS = 10_000;
/** Lifecycle events kept per actor (each activation writes two or three). */
export const LIFECYCLE_RETAIN = 100;

interface Touched {
  type: string;
  key: string;
  journalRetain: number | null;
  lifecycle: boolean;
}

export class RetentionJanitor {
  private touched = new Map<string, Touched>();
  private cancel: CancelTimer | null = null;

  constructor(
    private readonly driver: StorageDriver,
    private readonly clock: Clock,
    private readonly onError: (error: unknown) => void,
  ) {}

  journaled(type: string, key: string, retain: number): void {
    this.entry(type, key).journalRetain = retain;
  }

  lifecycleLogged(type: string, key: string): void {
    this.entry(type, key).lifecycle = true;
  }

  private entry(type: string, key: string): Touched {
    const id = `${type}\u0000${key}`;
    let entry = this.touched.get(id);
    if (!entry) {
      entry = { type, key, journalRetain: null, lifecycle: false };
      this.touched.set(id, entry);
    }
    return entry;
  }

  start(): void {
    const tick = () => {
      void this.prune().finally(() => {
        if (this.cancel) this.cancel = this.clock.setTimer(tick, PRUNE_EVERY_MS);
      });
    };
    this.cancel = this.clock.setTimer(tick, PRUNE_EVERY_MS);
  }

  stop(): void {
    this.cancel?.();
    this.cancel = null;
  }

  async prune(): Promise<void> {
    const touched = [...this.touched.values()];
    this.touched.clear();
    try {
      for (const { type, key, journalRetain, lifecycle } of touched) {
        if (journalRetain !== null) await this.driver.pruneJournal(type, key, journalRetain);
        if (lifecycle) await this.driver.pruneLifecycle(type, key, LIFECYCLE_RETAIN);
      }
    } catch (error) {
      this.onError(error); // retried for actors touched again; never fatal
    }
  }
}
