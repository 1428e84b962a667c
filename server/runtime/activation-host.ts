// What an activation needs from the runtime around it: time, the bus, the commit batcher, metrics,
// the facet chain, and the catalog's callbacks (scheduling, LRU order, idle watch, memory estimate).
// The runtime builds one host and shares it across every activation: no per-actor closures.
import type { Activation } from './activation.ts';
import type { Clock } from './clock.ts';
import type { CommitBatcher } from './commit-batcher.ts';
import type { ActorRefLike, AnyActorDefinition } from './definition.ts';
import type { Envelope } from './envelope.ts';
import type { EventBus } from './events.ts';
import type { FacetChain } from './facets.ts';
import type { RecordedAnswer } from './idempotency.ts';
import type { RuntimeLogger } from './logger.ts';
import type { RuntimeMetrics } from './metrics.ts';
import type { TurnContext } from './turn-context.ts';

export interface ActivationHost {
  readonly clock: Clock;
  readonly bus: EventBus;
  readonly batcher: CommitBatcher;
  readonly metrics: RuntimeMetrics;
  readonly facets: FacetChain;
  readonly maxStateBytes: number;
  readonly logger: RuntimeLogger;
  ready(activation: Activation): void;
  /** The mailbox went from empty to non-empty: deadlines of queued asks must now be watched. */
  busy(activation: Activation): void;
  /** The actor is running turns: it is now the most recently used (idle collection and the cap go LRU). */
  touched(activation: Activation): void;
  refFor(type: string, key: string): ActorRefLike;
  /** The registered definition of the type `definition` had (a newer one after a redeploy). */
  definitionOf(definition: AnyActorDefinition): AnyActorDefinition;
  /** The committed answer to an idempotent invocation of this actor, if there is one. */
  findAnswer(type: string, key: string, idemKey: string): Promise<RecordedAnswer | undefined>;
  /** Storage lost this actor's writes: its memory is ahead of disk and must be reloaded. */
  poisoned(activation: Activation, reason: string): void;
  /** The state's JSON changed length (the catalog's resident memory estimate follows it). */
  stateResized(activation: Activation, previousLength: number): void;
}

/** The message whose turn is in progress (or whose idempotency lookup the actor waits for). */
export interface RunningTurn {
  envelope: Envelope;
  /** null while the turn waits for its idempotency lookup, before any handler ran. */
  context: TurnContext | null;
  /** performance.now() when the handler started, for the turn's durationMs. */
  startedAt: number;
}
