// Actor definitions: pure data + handlers, validated once. `defineActor` infers each action's input
// type from its zod schema so handlers and typed clients see the same shapes.
import type { z } from 'zod';
import { ActorError } from './errors.ts';

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
  /** Durably schedules `action(args)` on this actor; written atomically with the turn. */
  schedule(when: AlarmWhen, action: string, args?: unknown): void;
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

export interface ActorRefLike {
  ask<R = unknown>(
    action: string,
    args?: unknown,
    options?: { timeoutMs?: number; idempotencyKey?: string },
  ): Promise<R>;
  tell(action: string, args?: unknown): void;
}

export interface ActionDefinition<S, I> {
  input: z.ZodType<I>;
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
  /** Idle time before deactivation; default 30 s. */
  idleTimeoutMs?: number;
  /** Bounded mailbox; a full one rejects with OVERLOADED. Default 1,000. */
  mailboxCapacity?: number;
  /** Journal every turn (action, input, outcome, version, state); `retain` bounds it per actor. */
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

export function defineActor<S, A extends Record<string, unknown>>(
  definition: ActorDefinition<S, A>,
): ActorDefinition<S, A> {
  if (!TYPE_NAME.test(definition.type)) {
    throw new ActorError('BAD_INPUT', `actor type "${definition.type}" must match ${TYPE_NAME}`);
  }
  if (Object.keys(definition.actions).length === 0) {
    throw new ActorError('BAD_INPUT', `actor type "${definition.type}" defines no actions`);
  }
  if (definition.idleTimeoutMs !== undefined && !(definition.idleTimeoutMs > 0)) {
    throw new ActorError('BAD_INPUT', `idleTimeoutMs of "${definition.type}" must be positive`);
  }
  return definition;
}

export function journalRetention(definition: AnyActorDefinition): number {
  if (!definition.journal) return 0;
  return definition.journal === true ? DEFAULT_JOURNAL_RETAIN : definition.journal.retain;
}
