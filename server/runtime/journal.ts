// Journal facet: records every turn of journaled types (action, input, result or error, state
// version, state after the turn, duration), written in the turn's commit batch, so inspection and
// "state at version N" need no replay. Retention is enforced per actor, off the hot path.
import type { CancelTimer, Clock } from './clock.ts';
import type { CommitBatcher } from './commit-batcher.ts';
import { type AnyActorDefinition, journalRetention } from './definition.ts';
import type { TurnFacet, TurnRecord } from './facets.ts';
import type { StorageDriver } from './storage.ts';

const PRUNE_EVERY_MS = 10_000;

export class JournalFacet implements TurnFacet {
  readonly name = 'journal';
  readonly priority = 300;
  /** Actors journaled since the last prune, with their retention. */
  private touched = new Map<string, { type: string; key: string; retain: number }>();
  private cancel: CancelTimer | null = null;

  constructor(
    private readonly driver: StorageDriver,
    private readonly clock: Clock,
  ) {}

  appliesTo(definition: AnyActorDefinition): boolean {
    return journalRetention(definition) > 0;
  }

  afterTurn(turn: TurnRecord, batcher: CommitBatcher): void {
    const retain = journalRetention(turn.definition);
    batcher.current().batch.journal.push({
      type: turn.type,
      key: turn.key,
      version: turn.version,
      action: turn.action,
      input: JSON.stringify(turn.args ?? null),
      result: turn.ok ? safeJson(turn.result) : null,
      error: turn.error,
      state: turn.stateJson,
      durationMs: turn.durationMs,
      at: turn.at,
    });
    this.touched.set(`${turn.type}\u0000${turn.key}`, { type: turn.type, key: turn.key, retain });
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
    for (const { type, key, retain } of touched) await this.driver.pruneJournal(type, key, retain);
  }
}

function safeJson(value: unknown): string | null {
  try {
    return JSON.stringify(value ?? null);
  } catch {
    return JSON.stringify('[unserializable result]');
  }
}
