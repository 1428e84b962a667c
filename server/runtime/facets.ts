// Cross-cutting turn behaviour composes as facets, applied in priority order after every turn
// (lower runs first). Durability (state change detection + group commit) and activation are the
// core of Activation/Catalog; journal and metrics are facets here; more can be added per runtime.
import type { CommitBatcher } from './commit-batcher.ts';
import type { AnyActorDefinition } from './definition.ts';

export interface TurnRecord {
  type: string;
  key: string;
  definition: AnyActorDefinition;
  action: string;
  args: unknown;
  ok: boolean;
  result: unknown;
  error: string | null;
  /** Version after the turn (unchanged if the turn wrote nothing or failed). */
  version: number;
  /** Serialized state after the turn (the rolled-back state if it failed). */
  stateJson: string;
  stateChanged: boolean;
  durationMs: number;
  at: number;
}

export interface TurnFacet {
  readonly name: string;
  readonly priority: number;
  afterTurn(turn: TurnRecord, batcher: CommitBatcher): void;
}

export function sortFacets(facets: TurnFacet[]): TurnFacet[] {
  return [...facets].sort((a, b) => a.priority - b.priority);
}
