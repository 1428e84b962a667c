// Actor definitions: pure data + handlers, validated once. `defineActor` infers each action's input
// type from its zod schema (handlers see it) and keeps the literal definition type, so typed clients
// read args and results off it (client/actor-types.ts).
import type { z } from 'zod';
import type { Facet } from './actor-facets.ts';
import { ActorError } from './errors.ts';
import { resolveFacets } from './facet-resolution.ts';

export interface ActorSelf {
  readonly type: string;
  readonly key: string;
}

/** When an alarm fires: an absolute epoch-ms time or a delay from now. */
export type AlarmWhen = { at: number } | { afterMs: number };

export interface ActorContext<S> {
  /** The actor's state; mutate it freely: a turn that throws leaves it as it was. */
  state: S;
  readonly self: ActorSelf;
  now(): number;
  /**
   * Durably schedules `action(args)` on this actor, written atomically with the turn;
   * `schedule.cron(expr, action, args)` repeats it, `schedule.cancel(action)` removes both kinds.
   */
  readonly schedule: Schedule;
  /**
   * Appends an entry to a durable stream, atomically with this turn (nothing if the turn fails).
   * The actor assigns `seq` (monotonic per stream); re-appending a seq is a no-op.
   */
  append(stream: string, seq: number, payload: unknown): void;
  /** Drops the stream's entries below `belowSeq`, with this turn (retention). */
  trim(stream: string, belowSeq: number): void;
  /** Publishes an event to live views (socket.io room of this actor). */
  broadcast(event: string, payload: unknown): void;
  /** A reference to another actor: `await ctx.get('counter', 'a').ask('increment', { by: 1 })`. */
  get(type: string, key: string): ActorRefLike;
}

export interface Schedule {
  (when: AlarmWhen, action: string, args?: unknown): void;
  /**
   * Runs `action(args)` on every match of a 5-field cron expression (UTC), durably. One schedule per
   * action: calling it again replaces it. Runs missed while the server was down fire once, then
   * the schedule continues from the next match after now.
   */
  cron(expression: string, action: string, args?: unknown): void;
  /** Removes this actor's pending alarms and cron schedule for `action`, with this turn. */
  cancel(action: string): void;
}

export interface ActorRefLike {
  ask<R = unknown>(
    action: string,
    args?: unknown,
    options?: { timeoutMs?: number; idempotencyKey?: string },
  ): Promise<R>;
  tell(action: string, args?: unknown): void;
}

export interface ActionDefinition<S, I> {
  // biome-ignore lint/suspicious/noExplicitAny: the schema's input side is whatever callers may send.
  input: z.ZodType<I, any>;
  description?: string;
  handler(ctx: ActorContext<S>, input: I): unknown;
}

export interface AlarmFire {
  action: string;
  args: unknown;
  attempt: number;
}

export interface ActorDefinition<S = unknown, A extends Record<string, unknown> = Record<string, unknown>> {
  type: string;
  state: () => S;
  actions: { [K in keyof A]: ActionDefinition<S, A[K]> };
  /** What the type is made of (actor-facets.ts); default virtual + durable + alarms (+ journal). */
  facets?: readonly Facet[];
  /** Idle time before deactivation; default 30 s. Shorthand for `virtual({ idleTimeoutMs })`. */
  idleTimeoutMs?: number;
  /** Bounded mailbox; a full one rejects with OVERLOADED. Default 1,000. */
  mailboxCapacity?: number;
  /** Journal every turn (action, input, outcome, version, state); `retain` bounds it per actor. Shorthand for `journal({ keep })`. */
  journal?: boolean | { retain: number };
  /**
   * Driven only by the runtime's own code (pipeline operators): the control plane may inspect it
   * but not invoke, spawn or destroy it, so callers cannot forge pipeline traffic.
   */
  internal?: boolean;
  /** Scheduling group for fair time-sharing (e.g. one per pipeline); default: the type. */
  schedulingGroup?: (key: string) => string;
  onActivate?(ctx: ActorContext<S>): void | Promise<void>;
  onDeactivate?(ctx: ActorContext<S>): void | Promise<void>;
  /** Handles every fired alarm instead of dispatching it to the named action. */
  onAlarm?(ctx: ActorContext<S>, alarm: AlarmFire): unknown;
}

// biome-ignore lint/suspicious/noExplicitAny: a registry holds definitions of every state/action shape.
export type AnyActorDefinition = ActorDefinition<any, any>;

const TYPE_NAME = /^[a-z][a-z0-9-]{0,62}$/;

export const DEFAULT_IDLE_TIMEOUT_MS = 30_000;
export const DEFAULT_MAILBOX_CAPACITY = 1_000;
export const DEFAULT_JOURNAL_RETAIN = 200;

/** Marks what defineActor returned, so the actors-folder loader can tell definitions from other exports. */
const DEFINITION_BRAND = Symbol.for('troupe.actor-definition');

/**
 * Validates a definition and returns it with its literal type kept (`D`): handlers are typed by the
 * `ActorDefinition<S, A>` part (args from the input schemas), results by what they return.
 */
export function defineActor<
  S,
  A extends Record<string, unknown>,
  D extends ActorDefinition<S, A> = ActorDefinition<S, A>,
>(definition: D & ActorDefinition<S, A>): D {
  if (typeof definition?.type !== 'string' || !TYPE_NAME.test(definition.type)) {
    throw new ActorError('BAD_INPUT', `actor type "${definition?.type}" must match ${TYPE_NAME}`);
  }
  const { type } = definition;
  if (typeof definition.state !== 'function') {
    throw new ActorError('BAD_INPUT', `actor type "${type}" needs state: () => initialState`);
  }
  const actions = definition.actions;
  if (typeof actions !== 'object' || actions === null || Object.keys(actions).length === 0) {
    throw new ActorError('BAD_INPUT', `actor type "${type}" defines no actions`);
  }
  for (const [name, action] of Object.entries(actions) as [string, ActionDefinition<S, unknown>][]) {
    if (typeof action?.handler !== 'function') {
      throw new ActorError('BAD_INPUT', `action "${name}" of "${type}" needs a handler function`);
    }
    if (typeof action.input?.safeParse !== 'function') {
      throw new ActorError('BAD_INPUT', `action "${name}" of "${type}" needs a zod input schema`);
    }
  }
  if (definition.idleTimeoutMs !== undefined && !(definition.idleTimeoutMs > 0)) {
    throw new ActorError('BAD_INPUT', `idleTimeoutMs of "${type}" must be positive`);
  }
  resolveFacets(definition); // throws on an invalid facet list
  Object.defineProperty(definition, DEFINITION_BRAND, { value: true });
  return definition;
}

export function isActorDefinition(value: unknown): value is AnyActorDefinition {
  return typeof value === 'object' && value !== null && Object.hasOwn(value, DEFINITION_BRAND);
}

export function journalRetention(definition: AnyActorDefinition): number {
  return resolveFacets(definition).journalKeep;
}
