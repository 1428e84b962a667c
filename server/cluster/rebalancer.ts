// When the live membership changes, actors resident here that now prefer another node are
// deactivated (state flushed, ownership released), so their next message activates them where the
// ring says. In small slices, so a node holding 100,000 actors keeps serving while it hands off.

import type { RuntimeLogger } from '../runtime/logger.ts';
import type { Runtime } from '../runtime/runtime.ts';

const SLICE = 500;

export class Rebalancer {
  private generation = 0;

  constructor(
    private readonly runtime: Runtime,
    private readonly stays: (type: string, key: string) => boolean,
    private readonly logger: RuntimeLogger,
  ) {}

  /** Starts a hand-off pass; a newer membership change supersedes a pass still running. */
  rebalance(): void {
    const generation = ++this.generation;
    const leaving = [...this.runtime.residents()].filter((a) => !this.stays(a.type, a.key));
    void this.handOff(leaving, generation);
  }

  private async handOff(leaving: { type: string; key: string }[], generation: number): Promise<void> {
    for (let i = 0; i < leaving.length && generation === this.generation; i += SLICE) {
      const slice = leaving.slice(i, i + SLICE).filter((a) => !this.stays(a.type, a.key));
      const done = await Promise.allSettled(slice.map((a) => this.runtime.deactivate(a.type, a.key)));
      for (const outcome of done) {
        if (outcome.status === 'rejected')
          this.logger.error({ err: outcome.reason }, 'handing an actor off failed');
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
}
