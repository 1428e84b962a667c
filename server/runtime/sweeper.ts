// Housekeeping on the injected clock: expires asks past their deadline, abandons turns that hang,
// and hands idle actors to the catalog for deactivation. Runs every SWEEP_MS, never per message.
import type { Catalog } from './catalog.ts';
import type { CancelTimer, Clock } from './clock.ts';
import type { DestroyFence } from './destroy-fence.ts';
import { expireQueued } from './envelope.ts';
import type { RuntimeMetrics } from './metrics.ts';

const SWEEP_MS = 100;

export class Sweeper {
  private cancel: CancelTimer | null = null;

  constructor(
    private readonly catalog: Catalog,
    private readonly clock: Clock,
    private readonly metrics: RuntimeMetrics,
    /** Messages waiting for a destroy of their key to commit (expired at their deadline too). */
    private readonly fence: DestroyFence,
  ) {}

  start(): void {
    const tick = () => {
      this.sweep();
      if (this.cancel) this.cancel = this.clock.setTimer(tick, SWEEP_MS);
    };
    this.cancel = this.clock.setTimer(tick, SWEEP_MS);
  }

  stop(): void {
    this.cancel?.();
    this.cancel = null;
  }

  sweep(): void {
    const now = this.clock.now();
    for (const activation of this.catalog.busy) {
      const running = activation.running;
      if (running && running.envelope.deadline <= now) {
        this.metrics.timeouts++;
        activation.abandonRunningTurn();
      }
      if (activation.mailbox.size > 0) {
        const expired = activation.mailbox.removeWhere((e) => e.deadline <= now);
        this.metrics.timeouts += expired.length;
        for (const envelope of expired) expireQueued(envelope, activation.self);
      }
      if (!activation.running && activation.mailbox.size === 0) this.catalog.busy.delete(activation);
    }
    if (this.catalog.spawnOnly.pending > 0) this.metrics.timeouts += this.catalog.spawnOnly.expire(now);
    if (this.fence.pending > 0) this.metrics.timeouts += this.fence.expire(now);
    this.catalog.collectIdle(now);
  }

  /** Waits (bounded) until no actor has queued or running work: graceful shutdown. */
  async drain(deadlineMs = 8_000): Promise<void> {
    const until = Date.now() + deadlineMs;
    while (Date.now() < until) {
      let busy = this.catalog.spawnOnly.pending > 0; // messages waiting for a spawn-only existence check
      for (const a of this.catalog.values()) {
        if (a.running || a.mailbox.size > 0 || a.status === 'activating') busy = true;
      }
      if (!busy) return;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
}
