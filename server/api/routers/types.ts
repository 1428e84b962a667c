// types.*: the actor types a server runs, and deploying new ones to it while it runs (server/deploy).
// Deploy and rollback swap code inside the server process: behind the token like every other command.
import { z } from 'zod';
import { deploymentsOf } from '../../deploy/deployed-types.ts';
import { listTypes } from '../../deploy/list-types.ts';
import { ZActorTypeName, ZNoInputSchema } from '../schemas.ts';
import { authedProcedure, router } from '../trpc.ts';

const wellFormed = (text: string) => !/\p{Cs}/u.test(text);

const ZTypeOrigin = z.enum(['folder', 'deployed', 'internal', 'embedded']);

const ZTypeListing = z.object({
  type: z.string(),
  origin: ZTypeOrigin,
  /** The actors/ folder file, or the deployed module's file name. */
  file: z.string().nullable(),
  version: z.number().nullable(),
  deployedAt: z.number().nullable(),
  sourceHash: z.string().nullable(),
  facets: z.array(z.string()),
  actions: z.array(z.string()),
  /** Why the stored deployed version did not load at start (it then does not serve). */
  loadError: z.string().nullable(),
});

const ZDeployResult = z.object({
  type: z.string(),
  version: z.number(),
  sourceHash: z.string(),
  drained: z.number(),
});

export const ZDeployTypeSchema = z.strictObject({
  /** The module's file name, for messages and history (e.g. "greeter.ts"). */
  fileName: z
    .string()
    .min(1)
    .max(200)
    .refine((name) => !/\p{Cc}/u.test(name), 'fileName must not contain control characters')
    .refine(wellFormed, 'fileName must be well-formed Unicode (no lone surrogates)'),
  /**
   * The module as one ESM bundle with 'troupe' and 'zod' left as imports (`troupe deploy` builds it).
   * The size limit is checked by the deploy itself, so an oversized module is PAYLOAD_TOO_LARGE.
   */
  source: z
    .string()
    .min(1, 'source must not be empty')
    // What is hashed must be what is stored: SQLite's UTF-8 cannot hold a lone surrogate.
    .refine(wellFormed, 'source must be well-formed Unicode (no lone surrogates)'),
});

const ZTypeVersionSchema = z.strictObject({ type: ZActorTypeName, version: z.number().int().min(1) });

export const typesRouter = router({
  /**
   * Every actor type the server runs: its origin (the actors/ folder, deployed, internal, or passed in
   * by an embedder), and for deployed types the serving version, deploy time and sha256 of the
   * source. A deployed type whose stored version failed to load at start is listed with `loadError`.
   */
  list: authedProcedure
    .input(ZNoInputSchema)
    .output(z.array(ZTypeListing))
    .query(({ ctx }) => listTypes(ctx.troupe)),

  /**
   * Deploys an actor module (one ESM bundle, as `troupe deploy` builds it) as the next version of the
   * type it defines, and serves it at once: a new type is registered; an existing deployed type's
   * resident activations finish their current turn, flush and deactivate (`drained`), and their
   * queued messages run on the new code. Refused: a module that does not link or throws at load
   * (BAD_REQUEST, the previous version keeps serving), a type of the actors/ folder or of the server
   * (CONFLICT), a module over 768 KiB (PAYLOAD_TOO_LARGE). Deployed code runs inside the server with
   * its full privileges (docs/deploy.md).
   */
  deploy: authedProcedure
    .input(ZDeployTypeSchema)
    .output(ZDeployResult)
    .mutation(({ ctx, input }) => deploymentsOf(ctx.troupe).deploy(input)),

  /** Every version of a deployed type, newest first; `active` marks the one that serves. */
  history: authedProcedure
    .input(z.strictObject({ type: ZActorTypeName }))
    .output(
      z.object({
        type: z.string(),
        versions: z.array(
          z.object({
            version: z.number(),
            sourceHash: z.string(),
            fileName: z.string(),
            deployedAt: z.number(),
            rolledBackFrom: z.number().nullable(),
            active: z.boolean(),
          }),
        ),
      }),
    )
    .query(({ ctx, input }) => deploymentsOf(ctx.troupe).history(input.type)),

  /**
   * Serves an earlier version's code again, as a new version (`rolledBackFrom` names the source):
   * history stays append-only and the newest version is the one that serves, now and after restarts.
   */
  rollback: authedProcedure
    .input(ZTypeVersionSchema)
    .output(ZDeployResult)
    .mutation(({ ctx, input }) => deploymentsOf(ctx.troupe).rollback(input)),
});
