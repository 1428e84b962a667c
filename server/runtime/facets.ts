// Cross-cutting turn behaviour composes as facets, applied in priority order after every turn
// (lower runs first). Durability (state change detection + group commit) and activation are the
// core of Activation/Catalog; journal and metrics are runtime-wide facets here, and a type's own
// custom facets (defineFacet) join its chain through an adapter that keeps their errors contained.
import type { CustomFacet } from './actor-facets.ts';
import type { CommitBatcher } from './commit-batcher.ts';
import type { AnyActorDefinition } from './definition.ts';
import { resolveFacets } from './facet-resolution.ts';
import type { RuntimeLogger } from './logger.ts';

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

  constructor(
    facets: TurnFacet[],
    private readonly logger: RuntimeLogger,
  ) {
    this.sorted = [...facets].sort((a, b) => a.priority - b.priority);
  }

  for(definition: AnyActorDefinition): readonly TurnFacet[] {
    let chain = this.byType.get(definition);
    if (!chain) {
      const own = resolveFacets(definition).custom.filter((f) => f.afterTurn);
      chain = [
        ...this.sorted.filter((facet) => facet.appliesTo(definition)),
        ...own.map((facet) => observeTurns(facet, this.logger)),
      ].sort((a, b) => a.priority - b.priority);
      this.byType.set(definition, chain);
    }
    return chain;
  }
}

/** A custom facet's afterTurn as a turn facet: it observes, and its errors never reach the turn. */
function observeTurns(facet: CustomFacet, logger: RuntimeLogger): TurnFacet {
  return {
    name: facet.name,
    priority: facet.priority,
    appliesTo: () => true,
    afterTurn(turn) {
      const { type, key, action, args, ok, result, error, version, durationMs, at } = turn;
      const failed = (thrown: unknown) =>
        logger.error({ err: thrown, type, key, facet: facet.name }, 'facet afterTurn failed');
      try {
        const self = { type, key };
        const outcome: unknown = facet.afterTurn?.({
          self,
          action,
          args,
          ok,
          result,
          error,
          version,
          durationMs,
          at,
        });
        // An async observer (a sink writing somewhere): its rejection is logged, never unhandled.
        if (typeof (outcome as PromiseLike<unknown> | null)?.then === 'function') {
          (outcome as PromiseLike<unknown>).then(undefined, failed);
        }
      } catch (thrown) {
        failed(thrown);
      }
    },
  };
}
