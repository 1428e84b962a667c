// Zod schemas of the control plane's inputs, shared by routers, forms and tests (Z...Schema / T...).
// Every input object is strict: an unknown (e.g. misspelled) field is a BAD_REQUEST naming it, never
// silently dropped, as Kubernetes' strict field validation does. Whatever these schemas accept, the
// read side (actors.get / actors.list) can return: see json-data.ts.
import { z } from 'zod';
import { findJsonDataProblem, MAX_JSON_DEPTH } from './json-data.ts';

/** SQLite stores text as UTF-8, which has no lone surrogates: such a key would come back changed. */
const LONE_SURROGATE = /\p{Cs}/u;
const wellFormed = (text: string) => !LONE_SURROGATE.test(text);
/** Whether a key is well-formed Unicode (the wire's hand-checked fast path uses the same rule). */
export const isWellFormedKey = wellFormed;

export const ZActorTypeName = z.string().min(1).max(63);
export const ZActorKey = z
  .string()
  .min(1, 'key must not be empty')
  .max(256)
  .refine((k) => !k.includes('\u0000'), 'key must not contain NUL')
  .refine(wellFormed, 'key must be well-formed Unicode (no lone surrogates)');

/** Names every plain object inherits: a label map keyed by them breaks naive lookups and the wire. */
const PROTOTYPE_NAMES: ReadonlySet<string> = new Set([
  ...Object.getOwnPropertyNames(Object.prototype),
  'prototype',
]);
/** Label names: 1-64 of `A-Z a-z 0-9 _ . - /`, starting with a letter or digit, no prototype names. */
export const LABEL_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_./-]{0,63}$/;

/** Why `name` cannot be a label name, or null if it can. */
export function labelNameProblem(name: string): string | null {
  if (!LABEL_NAME_PATTERN.test(name)) {
    return 'label names are 1-64 of A-Z a-z 0-9 _ . - /, starting with a letter or digit';
  }
  return PROTOTYPE_NAMES.has(name) ? 'label name is reserved (an Object.prototype name)' : null;
}

// Names are checked here rather than by a key schema so each issue's path names the label.
export const ZLabels = z
  .record(z.string(), z.string().max(256))
  .superRefine((labels, ctx) => {
    const names = Object.keys(labels);
    if (names.length > 32) ctx.addIssue({ code: 'custom', message: 'at most 32 labels' });
    for (const name of names) {
      const problem = labelNameProblem(name);
      if (problem) ctx.addIssue({ code: 'custom', message: problem, path: [name] });
    }
  })
  .meta({
    description: 'At most 32; names match the pattern and are not Object.prototype names.',
    propertyNames: { pattern: LABEL_NAME_PATTERN.source },
    maxProperties: 32,
  });

/** JSON data (see json-data.ts): BAD_REQUEST naming the path of the first offending value. */
export const ZJsonData = z
  .unknown()
  .superRefine((value, ctx) => {
    const problem = findJsonDataProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem.message, path: problem.path });
  })
  .describe(
    `JSON data: null, booleans, finite numbers, strings, arrays, plain objects; at most ${MAX_JSON_DEPTH} ` +
      'levels deep; no key named __proto__, constructor or prototype.',
  );

/** Input of a procedure that takes none: absent, or an empty object (any field is unknown). */
export const ZNoInputSchema = z.strictObject({}).optional();

export const ZActorAddressSchema = z.strictObject({ type: ZActorTypeName, key: ZActorKey });
export type TActorAddress = z.infer<typeof ZActorAddressSchema>;

export const ZActorConfigSchema = z.strictObject({
  idleTimeoutMs: z
    .number()
    .int()
    .min(50)
    .max(7 * 24 * 3600_000)
    .optional(),
});

export const ZSpawnActorSchema = ZActorAddressSchema.extend({
  // The runtime reads a null initial state as "none" (the type's default), so null would not read back.
  initialState: ZJsonData.refine(
    (state) => state !== null,
    'null is not a state; omit initialState for the default',
  ).optional(),
  config: ZActorConfigSchema.optional(),
  labels: ZLabels.optional(),
});

export const ZInvokeActorSchema = ZActorAddressSchema.extend({
  action: z.string().min(1).max(128),
  /** JSON data: it is journaled and returned by actors.get, so it must be carriable back. */
  args: ZJsonData.optional(),
  mode: z.enum(['ask', 'tell']).default('ask'),
  timeoutMs: z.number().int().min(1).max(300_000).optional(),
  /** A retry with the same key returns the first result instead of applying the action again. */
  idempotencyKey: z.string().min(1).max(128).optional(),
});
export type TInvokeActor = z.infer<typeof ZInvokeActorSchema>;

export const ACTOR_STATUSES = ['activating', 'active', 'deactivating', 'failed', 'inactive'] as const;
export const ZActorStatus = z.enum(ACTOR_STATUSES);
export type TActorStatus = z.infer<typeof ZActorStatus>;

/** Orders of actors.list: by name (type, key), last activity, state version or activation count. */
export const ACTOR_SORTS = ['name', 'lastActive', 'version', 'activations'] as const;
export type TActorSort = (typeof ACTOR_SORTS)[number];

export const ZListActorsSchema = z
  .strictObject({
    type: ZActorTypeName.optional(),
    status: ZActorStatus.optional(),
    /** `name=value` */
    label: z
      .string()
      .regex(/^[^=]+=.*$/, 'label filter must look like name=value')
      .refine((filter) => labelNameProblem(filter.slice(0, filter.indexOf('='))) === null, {
        message: 'label filter name must be a valid label name',
      })
      .optional(),
    /** Keys starting with exactly this text: literal (no wildcards) and case-sensitive. */
    keyPrefix: z
      .string()
      .max(256)
      .refine(wellFormed, 'keyPrefix must be well-formed Unicode (no lone surrogates)')
      .describe('Keys starting with exactly this text: literal (no wildcards), case-sensitive.')
      .optional(),
    /** `name` is (type, key); the others break ties by (type, key) ascending. */
    sort: z.enum(ACTOR_SORTS).default('name'),
    /** `lastActive` desc: most recently active first; never-active actors sort last either way. */
    order: z.enum(['asc', 'desc']).default('asc'),
    /** Opaque `nextCursor` of the previous page: only with the default order (name, ascending). */
    cursor: z.string().max(1024).optional(),
    /** Skip this many matching actors: numbered pages in any order (instead of a cursor). */
    offset: z.number().int().min(0).max(1_000_000).optional(),
    limit: z.number().int().min(1).max(500).default(50),
  })
  .superRefine((input, ctx) => {
    if (input.cursor === undefined) return;
    if (input.offset !== undefined) {
      ctx.addIssue({ code: 'custom', message: 'use either cursor or offset', path: ['offset'] });
    }
    if (input.sort !== 'name' || input.order !== 'asc') {
      ctx.addIssue({
        code: 'custom',
        message: 'cursor pages only in name order; use offset',
        path: ['cursor'],
      });
    }
  });
export type TListActors = z.infer<typeof ZListActorsSchema>;

/** A cluster node's load as its heartbeat reports it (server/cluster/membership.ts NodeLoad). */
export const ZNodeLoadSchema = z.object({
  residents: z.number(),
  owned: z.number(),
  turnsTotal: z.number(),
  rssBytes: z.number(),
});
