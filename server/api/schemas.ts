// Zod schemas of the control plane's inputs, shared by routers, forms and tests (Z...Schema / T...).
import { z } from 'zod';

export const ZActorTypeName = z.string().min(1).max(63);
export const ZActorKey = z
  .string()
  .min(1, 'key must not be empty')
  .max(256)
  .refine((k) => !k.includes('\u0000'), 'key must not contain NUL');
export const ZLabels = z
  .record(z.string().min(1).max(64), z.string().max(256))
  .refine((labels) => Object.keys(labels).length <= 32, 'at most 32 labels');

export const ZActorAddressSchema = z.object({ type: ZActorTypeName, key: ZActorKey });
export type TActorAddress = z.infer<typeof ZActorAddressSchema>;

export const ZActorConfigSchema = z.object({
  idleTimeoutMs: z
    .number()
    .int()
    .min(50)
    .max(7 * 24 * 3600_000)
    .optional(),
});

export const ZSpawnActorSchema = ZActorAddressSchema.extend({
  initialState: z.unknown().optional(),
  config: ZActorConfigSchema.optional(),
  labels: ZLabels.optional(),
});

export const ZInvokeActorSchema = ZActorAddressSchema.extend({
  action: z.string().min(1).max(128),
  args: z.unknown().optional(),
  mode: z.enum(['ask', 'tell']).default('ask'),
  timeoutMs: z.number().int().min(1).max(300_000).optional(),
  /** A retry with the same key returns the first result instead of applying the action again. */
  idempotencyKey: z.string().min(1).max(128).optional(),
});
export type TInvokeActor = z.infer<typeof ZInvokeActorSchema>;

export const ACTOR_STATUSES = ['activating', 'active', 'deactivating', 'failed', 'inactive'] as const;
export const ZActorStatus = z.enum(ACTOR_STATUSES);
export type TActorStatus = z.infer<typeof ZActorStatus>;

export const ZListActorsSchema = z.object({
  type: ZActorTypeName.optional(),
  status: ZActorStatus.optional(),
  /** `name=value` */
  label: z
    .string()
    .regex(/^[^=]+=.*$/, 'label filter must look like name=value')
    .optional(),
  /** Keys starting with this text. */
  keyPrefix: z.string().max(256).optional(),
  cursor: z.string().optional(),
  limit: z.number().int().min(1).max(500).default(50),
});
export type TListActors = z.infer<typeof ZListActorsSchema>;
