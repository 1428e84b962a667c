// The one initTRPC of the control plane. Runtime errors (ActorError) are mapped to tRPC codes here
// and nowhere else; zod input errors are flattened into `data.zodError` for forms and clients, and
// every message a caller sees is decided in error-shape.ts (nothing internal leaks).
// @see https://trpc.io/docs/server/error-formatting
import { initTRPC, TRPCError } from '@trpc/server';
import superjson from 'superjson';
import { z } from 'zod';
import { isActorError } from '../runtime/errors.ts';
import type { TContext } from './context.ts';
import { isRetriable, TRPC_CODE_OF } from './error-codes.ts';
import { inputIssuesOf, publicMessageOf } from './error-shape.ts';

const t = initTRPC.context<TContext>().create({
  transformer: superjson,
  errorFormatter({ shape, error, ctx }) {
    const cause = error.cause;
    const issues = inputIssuesOf(error);
    return {
      ...shape,
      message: publicMessageOf(error, ctx?.req),
      data: {
        ...shape.data,
        // Stack traces are for logs, not for callers.
        stack: undefined,
        actorCode: isActorError(cause) ? cause.code : null,
        // Safe to send again (with the same idempotency key), here or on another node.
        retriable: isActorError(cause) && isRetriable(cause),
        zodError: issues ? z.flattenError(issues) : null,
      },
    };
  },
});

/** Rethrows runtime errors with their tRPC code, keeping the ActorError as `cause`. */
const mapActorErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (result.ok) return result;
  const cause = result.error.cause;
  if (isActorError(cause)) {
    throw new TRPCError({ code: TRPC_CODE_OF[cause.code], message: cause.message, cause });
  }
  return result;
});

/** Everything but health requires the token when TROUPE_TOKEN is set. */
const requireToken = t.middleware(({ ctx, next }) => {
  if (ctx.authorized === false) {
    throw new TRPCError({
      code: 'UNAUTHORIZED',
      message: 'a valid token is required (Authorization: Bearer <token>)',
    });
  }
  return next();
});

export const router = t.router;
/** No authentication: only for liveness (system.health). */
export const publicProcedure = t.procedure.use(mapActorErrors);
export const authedProcedure = publicProcedure.use(requireToken);
export const createCallerFactory = t.createCallerFactory;
