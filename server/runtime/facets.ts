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
  /** Whether the facet acts on turns of this type; decided once per type, off the hot path. */
  appliesTo(definition: AnyActorDefinition): boolean;
  afterTurn(turn: TurnRecord, batcher: CommitBatcher): void;
}

/** The facets that apply to each type, in priority order, computed once per type. */
export class FacetChain {
  private readonly sorted: TurnFacet[];
  private readonly byType = new WeakMap<AnyActorDefinition, readonly TurnFacet[]>();

  constructor(facets: TurnFacet[]) {
    this.sorted = [...facets].sort((a, b) => a.priority - b.priority);
  }

  for(definition: AnyActorDefinition): readonly TurnFacet[] {
    let chain = this.byType.get(definition);
    if (!chain) {
      chain = this.sorted.filter((facet) => facet.appliesTo(definition));
      this.byType.set(definition, chain);
    }
    return chain;
  }
}
