// Journal facet: records every turn of journaled types (action, input, result or error, state
// version, state after the turn, duration), written in the turn's commit batch, so inspection and
// "state at version N" need no replay. Bounded twice: entries per actor (retention, pruned off the
// hot path) and bytes per entry (a field over JOURNAL_FIELD_MAX_BYTES is recorded as null), so a
// large state does not copy itself into every entry.
import type { CommitBatcher } from './commit-batcher.ts';
import { type AnyActorDefinition, journalRetention } from './definition.ts';
import type { TurnFacet, TurnRecord } from './facets.ts';
import type { RetentionJanitor } from './retention.ts';

/** Largest input, result or state (JSON characters) one journal entry records. */
export const JOURNAL_FIELD_MAX_BYTES = 16_384;

/** Facets run in priority order: the journal sits between early (10) and late (900) user facets. */
export const JOURNAL_PRIORITY = 300;

export class JournalFacet implements TurnFacet {
  readonly name = 'journal';
  readonly priority = JOURNAL_PRIORITY;

  constructor(private readonly retention: RetentionJanitor) {}

  appliesTo(definition: AnyActorDefinition): boolean {
    return journalRetention(definition) > 0;
  }

  afterTurn(turn: TurnRecord, batcher: CommitBatcher): void {
    batcher.current().batch.journal.push({
      type: turn.type,
      key: turn.key,
      version: turn.version,
      action: turn.action,
      input: bounded(safeJson(turn.args)) ?? 'null',
      result: turn.ok ? bounded(safeJson(turn.result)) : null,
      error: turn.error,
      state: bounded(turn.stateJson),
      durationMs: turn.durationMs,
      at: turn.at,
    });
    this.retention.journaled(turn.type, turn.key, journalRetention(turn.definition));
  }
}

function bounded(json: string): string | null {
  return json.length <= JOURNAL_FIELD_MAX_BYTES ? json : null;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value ?? null);
  } catch {
    return JSON.stringify('[unserializable result]');
  }
}
