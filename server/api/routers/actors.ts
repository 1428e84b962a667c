// actors.*: spawn, invoke, inspect and list virtual actors. Procedures stay thin: validation here,
// logic in the runtime and services, errors mapped once in trpc.ts.
import { z } from 'zod';
import { ActorError } from '../../runtime/errors.ts';
import type { Runtime } from '../../runtime/runtime.ts';
import { describeActorTypes } from '../../services/describe-actor-types.ts';
import { inspectActor } from '../../services/inspect-actor.ts';
import { listActors } from '../../services/list-actors.ts';
import { UnreadableParts } from '../../services/readable-values.ts';
import {
  ZActorAddressSchema,
  ZActorStatus,
  ZInvokeActorSchema,
  ZListActorsSchema,
  ZNoInputSchema,
  ZSpawnActorSchema,
} from '../schemas.ts';
import { authedProcedure, router } from '../trpc.ts';

/** Internal types (pipeline operators and sinks) are inspected, never driven, from outside. */
function requirePublicType(runtime: Runtime, type: string): void {
  if (runtime.registry.require(type).internal) {
    throw new ActorError(
      'FORBIDDEN',
      `actor type "${type}" is internal to the runtime; inspect it, do not drive it`,
    );
  }
}

/** An action's committed result as the wire can carry it: the turn applied, so never a 500 for it. */
function carriable(reply: { result: unknown; version: number }) {
  const unreadable = new UnreadableParts();
  const result = unreadable.value(reply.result, 'result');
  const [reason] = unreadable.reasons;
  return reason === undefined ? reply : { result, version: reply.version, unreadable: reason };
}

const ZActorSummary = z.object({
  type: z.string(),
  key: z.string(),
  status: ZActorStatus,
  version: z.number(),
  labels: z.record(z.string(), z.string()),
  activations: z.number(),
  lastActiveAt: z.number().nullable(),
  /** Parts of the stored record that could not be returned (left out or null), as `path: reason`. */
  unreadable: z.array(z.string()),
});

const ZActorDetail = ZActorSummary.extend({
  failure: z.string().nullable(),
  state: z.unknown(),
  idleTimeoutMs: z.number(),
  idleDeadline: z.number().nullable(),
  mailboxDepth: z.number(),
  lifecycle: z.array(
    z.object({ id: z.number(), event: z.string(), reason: z.string().nullable(), at: z.number() }),
  ),
  journal: z.array(
    z.object({
      id: z.number(),
      version: z.number(),
      action: z.string(),
      input: z.unknown(),
      result: z.unknown(),
      error: z.string().nullable(),
      state: z.unknown(),
      durationMs: z.number(),
      at: z.number(),
    }),
  ),
  turnStats: z
    .object({
      source: z.enum(['live', 'journal']),
      turnsPerSec: z.number(),
      p50Ms: z.number().nullable(),
      p99Ms: z.number().nullable(),
      samples: z.number(),
      turns: z.number().nullable(),
      failed: z.number().nullable(),
      lastTurnAt: z.number().nullable(),
    })
    .nullable(),
  alarms: z.array(
    z.object({
      id: z.number(),
      action: z.string(),
      args: z.unknown(),
      dueAt: z.number(),
      attempts: z.number(),
      /** The cron expression of a repeating schedule; null for a one-shot alarm. */
      cron: z.string().nullable(),
    }),
  ),
});

export const actorsRouter = router({
  types: authedProcedure
    .input(ZNoInputSchema)
    .output(
      z.array(
        z.object({
          type: z.string(),
          idleTimeoutMs: z.number(),
          journal: z.boolean(),
          facets: z.array(z.string()),
          durable: z.boolean(),
          virtual: z.boolean(),
          internal: z.boolean(),
          actions: z.array(
            z.object({ name: z.string(), description: z.string().nullable(), input: z.unknown() }),
          ),
          /** The default state and a JSON Schema for `initialState` (read off the default). */
          state: z
            .object({
              initial: z.unknown(),
              schema: z.record(z.string(), z.unknown()),
              source: z.literal('inferred'),
            })
            .nullable(),
        }),
      ),
    )
    .query(({ ctx }) => describeActorTypes(ctx.troupe.runtime)),

  spawn: authedProcedure
    .input(ZSpawnActorSchema)
    .output(z.object({ type: z.string(), key: z.string(), status: ZActorStatus }))
    .mutation(async ({ ctx, input }) => {
      requirePublicType(ctx.troupe.runtime, input.type);
      const activation = await ctx.troupe.runtime.spawn(input.type, input.key, {
        initialState: input.initialState,
        labels: input.labels,
        config: input.config,
      });
      return { type: input.type, key: input.key, status: activation.status };
    }),

  invoke: authedProcedure
    .input(ZInvokeActorSchema)
    .output(
      z.union([
        z.object({
          result: z.unknown(),
          version: z.number(),
          /** Set when the committed result cannot be carried back (it is then null): `path: reason`. */
          unreadable: z.string().optional(),
        }),
        z.object({ queued: z.literal(true) }),
      ]),
    )
    .mutation(async ({ ctx, input }) => {
      requirePublicType(ctx.troupe.runtime, input.type);
      const ref = ctx.troupe.runtime.get(input.type, input.key);
      const options = { timeoutMs: input.timeoutMs, idempotencyKey: input.idempotencyKey };
      if (input.mode === 'ask') return carriable(await ref.askWithVersion(input.action, input.args, options));
      // Refused at once (full mailbox, bad args, unknown action...), keyed or not: the caller gets
      // the typed error, not `queued`.
      const { runtime } = ctx.troupe;
      const refused = runtime.tryTell(input.type, input.key, input.action, input.args, input.idempotencyKey);
      if (refused) throw refused;
      return { queued: true as const };
    }),

  get: authedProcedure
    .input(ZActorAddressSchema)
    .output(ZActorDetail)
    .query(({ ctx, input }) => inspectActor(ctx.troupe, input)),

  /**
   * Actors matching the filters, resident and persisted, with their `total`. Ordered by `sort`
   * (default name: type, then key) and `order`; paged by `cursor` (name order) or by `offset`.
   */
  list: authedProcedure
    .input(ZListActorsSchema)
    .output(z.object({ items: z.array(ZActorSummary), nextCursor: z.string().nullable(), total: z.number() }))
    .query(({ ctx, input }) => listActors(ctx.troupe, input)),

  deactivate: authedProcedure
    .input(ZActorAddressSchema)
    .output(z.object({ deactivated: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      ctx.troupe.runtime.registry.require(input.type);
      return { deactivated: await ctx.troupe.runtime.deactivate(input.type, input.key) };
    }),

  destroy: authedProcedure
    .input(ZActorAddressSchema)
    .output(z.object({ destroyed: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      requirePublicType(ctx.troupe.runtime, input.type);
      const existed = await ctx.troupe.runtime.destroy(input.type, input.key);
      if (!existed) throw new ActorError('NOT_FOUND', `actor ${input.type}/${input.key} does not exist`);
      return { destroyed: true as const };
    }),
});
