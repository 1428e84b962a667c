// Facets (the PlexSpaces model): what a type is made of besides its actions. Virtual activation,
// durability, alarms and the journal are facets a type composes, each optional, and users add
// their own (hooks around activation, turns and deactivation, ordered by priority).
//   facets: [virtual({ idleTimeoutMs: 60_000 }), durable(), alarms(), journal({ keep: 500 }), audit]
// A definition without `facets` gets virtual + durable + alarms (+ journal when `journal` is set).
import type { ActorContext, ActorSelf } from './definition.ts';

/** Activated by its first message; deactivated after `idleTimeoutMs` without one. */
export interface VirtualFacet {
  readonly kind: 'virtual';
  readonly idleTimeoutMs?: number;
}
/** State is loaded from and committed to storage; a reply leaves only after its commit. */
export interface DurableFacet {
  readonly kind: 'durable';
}
/** `ctx.schedule`: durable one-shot alarms and cron schedules. */
export interface AlarmsFacet {
  readonly kind: 'alarms';
}
/** Records every turn (action, args, outcome, version, state); keeps the newest `keep` per actor. */
export interface JournalFacet {
  readonly kind: 'journal';
  readonly keep?: number;
}

/** What a custom facet's turn hooks see of a turn. */
export interface FacetTurn {
  readonly self: ActorSelf;
  readonly action: string;
  readonly args: unknown;
}

export interface FacetTurnOutcome extends FacetTurn {
  readonly ok: boolean;
  readonly result: unknown;
  readonly error: string | null;
  readonly version: number;
  readonly durationMs: number;
  readonly at: number;
}

/** Reading state is allowed in every hook; changing it only in onActivate and onDeactivate. */
export interface FacetContext {
  readonly self: ActorSelf;
  readonly state: unknown;
  now(): number;
}

export interface CustomFacetHooks {
  /** After state is loaded and the type's own onActivate ran; may change the state. */
  onActivate?(ctx: FacetContext & { state: unknown }): void | Promise<void>;
  /** Before the handler, synchronously; throwing refuses the turn (the caller gets the error). */
  beforeTurn?(ctx: FacetContext, turn: FacetTurn): void;
  /** After the turn's outcome is known (committed or rolled back); must not throw. */
  afterTurn?(turn: FacetTurnOutcome): void;
  /** Before the state is flushed on deactivation; may change the state. */
  onDeactivate?(ctx: FacetContext & { state: unknown }): void | Promise<void>;
}

export interface CustomFacet extends CustomFacetHooks {
  readonly kind: 'custom';
  readonly name: string;
  /** Lower runs first; built-in facets do not run hooks, so only the order among custom facets matters. */
  readonly priority: number;
}

export type Facet = VirtualFacet | DurableFacet | AlarmsFacet | JournalFacet | CustomFacet;

export const virtual = (options: { idleTimeoutMs?: number } = {}): VirtualFacet => ({
  kind: 'virtual',
  ...options,
});
export const durable = (): DurableFacet => ({ kind: 'durable' });
export const alarms = (): AlarmsFacet => ({ kind: 'alarms' });
export const journal = (options: { keep?: number } = {}): JournalFacet => ({ kind: 'journal', ...options });

export function defineFacet(facet: { name: string; priority?: number } & CustomFacetHooks): CustomFacet {
  if (!/^[a-z][a-z0-9-]{0,62}$/.test(facet.name)) {
    throw new Error(`facet name "${facet.name}" must be lower-case letters, digits and dashes`);
  }
  return { ...facet, kind: 'custom', priority: facet.priority ?? 100 };
}

/** A definition's facets resolved once, at defineActor: what the runtime consults on its paths. */
export interface ResolvedFacets {
  readonly virtual: boolean;
  readonly durable: boolean;
  readonly alarms: boolean;
  /** Journal entries kept per actor; 0 = no journal. */
  readonly journalKeep: number;
  readonly idleTimeoutMs: number;
  /** Custom facets in priority order. */
  readonly custom: readonly CustomFacet[];
  /** Names for the control plane and dashboard, in declaration order. */
  readonly names: readonly string[];
  /** The type's own hook followed by the custom facets' hooks, in priority order (undefined: none). */
  readonly onActivate?: (ctx: ActorContext<unknown>) => Promise<void>;
  readonly onDeactivate?: (ctx: ActorContext<unknown>) => Promise<void>;
  /** The custom facets' beforeTurn hooks in priority order; null when there are none (hot path). */
  readonly beforeTurn: readonly NonNullable<CustomFacetHooks['beforeTurn']>[] | null;
}
