// Pipeline specs: declarative operators only (no user code is evaluated), validated with zod at the
// edge. These schemas drive the control plane, the dashboard's create form and the engine.
import { z } from 'zod';
import { ZAutoscaleSchema } from './autoscale-spec.ts';

/**
 * An object schema that rejects unknown fields, naming them (`unrecognized key "slideMs"`): a
 * misspelled or unsupported option must fail loudly, not run on defaults (strict field validation).
 */
export function strictObject<T extends z.core.$ZodLooseShape>(shape: T) {
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `unrecognized key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}`
        : undefined,
  });
}

/**
 * Names a record field may have: identifiers that are not engine fields and not a name
 * Object.prototype carries (a record is a plain object; such a key would shadow or replace it).
 */
export const RESERVED_FIELDS = new Set([
  'sensorId',
  'ts',
  'windowStart',
  'windowEnd',
  'revision',
  'partial',
  ...Object.getOwnPropertyNames(Object.prototype),
]);
export const ZFieldNameSchema = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, 'a field name is a letter, then up to 63 letters, digits or _')
  .refine((name) => !RESERVED_FIELDS.has(name) || name === 'value', {
    error: (issue) => `field name ${JSON.stringify(issue.input)} is reserved`,
  });
/** A field an operator reads: any allowed name, or one the engine writes (windowStart, ...). */
const ZReadFieldSchema = z.union([
  ZFieldNameSchema,
  z.enum(['ts', 'windowStart', 'windowEnd', 'count', 'revision']),
]);

export const MAX_EXTRA_FIELDS = 16;
const ZFieldValueSchema = z.union([z.number().finite(), z.string().max(256)]);

/**
 * A validated event: sensorId, value, ts and named fields. Declared by hand (not z.infer) so
 * callers' own event interfaces, which have no index signature, are assignable to it.
 */
export interface TSensorEvent {
  sensorId: string;
  value: number;
  ts?: number;
}

const ZSensorEventObject = z
  .looseObject({
    sensorId: z.string().min(1).max(128),
    value: z.number().finite(),
    ts: z.number().finite().optional(),
  })
  .superRefine((event, ctx) => {
    const extra = Object.keys(event).filter((k) => k !== 'sensorId' && k !== 'value' && k !== 'ts');
    if (extra.length > MAX_EXTRA_FIELDS) {
      ctx.addIssue({
        code: 'custom',
        message: `at most ${MAX_EXTRA_FIELDS} fields besides sensorId, value and ts`,
      });
    }
    for (const name of extra) {
      const parsed = ZFieldNameSchema.safeParse(name);
      const value = ZFieldValueSchema.safeParse(event[name]);
      if (!parsed.success)
        ctx.addIssue({ code: 'custom', path: [name], message: parsed.error.issues[0]!.message });
      else if (!value.success) {
        ctx.addIssue({
          code: 'custom',
          path: [name],
          message: 'a field is a finite number or a string of at most 256 characters',
        });
      }
    }
  });
/** Events keep their named fields (validated above); typed as the core fields for callers. */
export const ZSensorEventSchema = ZSensorEventObject as unknown as z.ZodType<TSensorEvent, TSensorEvent>;

const timeoutMs = z
  .number()
  .int()
  .min(1)
  .max(24 * 3600_000)
  .optional();

export const ZMapConfigSchema = strictObject({
  scale: z.number().finite().optional(),
  offset: z.number().finite().optional(),
  round: z.number().int().min(0).max(10).optional(),
  preset: z.enum(['c_to_f', 'f_to_c']).optional(),
  /** The field transformed (default: the pipeline's value field at this stage). */
  field: ZReadFieldSchema.optional(),
  /** Where the result is written (default: `field`). */
  as: ZFieldNameSchema.optional(),
  /** Busy-waits this long per event: simulates an expensive transform (isolation demos, benchmarks). */
  costMs: z.number().min(0).max(10).optional(),
});

export const FILTER_OPS = ['>', '>=', '<', '<=', '==', '!='] as const;
export const ZFilterConfigSchema = strictObject({
  /** The field compared (default: the pipeline's value field at this stage). */
  field: ZReadFieldSchema.optional(),
  op: z.enum(FILTER_OPS).default('>'),
  threshold: z.number().finite().default(50),
});

export const REDUCE_FNS = ['avg', 'sum', 'count', 'min', 'max'] as const;
export const ZReduceConfigSchema = strictObject({
  windowSize: z.number().int().min(1).max(100_000).default(5),
  fn: z.enum(REDUCE_FNS).default('avg'),
  field: ZReadFieldSchema.optional(),
  /** Closes the key's window after this long without a record (wall clock); see emitPartial. */
  timeoutMs,
  /** Emits an incomplete window (`partial: true`) on timeout or flush instead of keeping it. */
  emitPartial: z.boolean().optional(),
});

export const WINDOW_FNS = ['max', 'min', 'avg', 'count', 'sum'] as const;
const windowMs = z
  .number()
  .int()
  .min(1)
  .max(24 * 3600_000);
export const ZWindowConfigSchema = strictObject({
  /** Count window: every `size` records of a key. */
  size: z.number().int().min(1).max(100_000).optional(),
  /** Tumbling time window (sliding with slideMs). */
  timeMs: windowMs.optional(),
  slideMs: windowMs.optional(),
  /** Session window: closes after this gap in event time. */
  gapMs: windowMs.optional(),
  fns: z.array(z.enum(WINDOW_FNS)).min(1).max(5).default(['max', 'min']),
  field: ZReadFieldSchema.optional(),
  timeoutMs,
  emitPartial: z.boolean().optional(),
})
  .refine(
    (c) => [c.size, c.timeMs, c.gapMs].filter((v) => v !== undefined).length === 1,
    'give exactly one of size, timeMs or gapMs',
  )
  .refine((c) => c.slideMs === undefined || c.timeMs !== undefined, 'slideMs needs timeMs')
  .refine(
    (c) => c.slideMs === undefined || (c.slideMs <= c.timeMs! && c.timeMs! / c.slideMs <= 100),
    'slideMs must be at most timeMs, and timeMs / slideMs at most 100',
  )
  .refine((c) => !c.emitPartial || c.size !== undefined, 'emitPartial applies to count windows (size)');

const partitions = z.number().int().min(1).max(64).default(1);
/** Options every operator takes besides its config. */
const operatorOptions = { partitions, autoscale: ZAutoscaleSchema.optional() };

export const ZOperatorSpecSchema = z.discriminatedUnion('kind', [
  strictObject({ kind: z.literal('map'), config: ZMapConfigSchema.default({}), ...operatorOptions }),
  strictObject({
    kind: z.literal('filter'),
    config: ZFilterConfigSchema.default({ op: '>', threshold: 50 }),
    ...operatorOptions,
  }),
  strictObject({
    kind: z.literal('reduce'),
    config: ZReduceConfigSchema.default({ windowSize: 5, fn: 'avg' }),
    ...operatorOptions,
  }),
  strictObject({ kind: z.literal('window'), config: ZWindowConfigSchema, ...operatorOptions }),
]);
export type TOperatorSpec = z.infer<typeof ZOperatorSpecSchema>;
export type TOperatorKind = TOperatorSpec['kind'];

const maxDelayMs = z
  .number()
  .int()
  .min(0)
  .max(24 * 3600_000);
export const ZEventTimeSchema = strictObject({
  /** How far behind the newest ts of its key a record may arrive and still be on time. */
  maxOutOfOrderMs: maxDelayMs.default(0),
  /** How long a fired window stays open for late records (each one re-fires it with a revision). */
  allowedLatenessMs: maxDelayMs.default(0),
});
export type TEventTime = z.infer<typeof ZEventTimeSchema>;

/**
 * A spec as stored: the shape without the cross-field rules below, so a pipeline created by an
 * earlier version (when those rules did not exist) still loads.
 */
export const ZStoredPipelineSpecSchema = strictObject({
  name: z.string().trim().min(1).max(80),
  operators: z.array(ZOperatorSpecSchema).min(1).max(16),
  keyBy: z.enum(['sensorId']).nullable().default('sensorId'),
  /** Share of the scheduler relative to other pipelines (DRR weight). */
  priority: z.number().min(0.1).max(10).default(1),
  eventTime: ZEventTimeSchema.default({ maxOutOfOrderMs: 0, allowedLatenessMs: 0 }),
  /** Latency target: the scheduler runs this pipeline's turns by deadline (docs/concepts.md "Scheduler"). */
  slo: strictObject({ p99Ms: z.number().min(0.1).max(60_000) }).optional(),
});

export const ZPipelineSpecSchema = ZStoredPipelineSpecSchema.superRefine((spec, ctx) => {
  if (spec.keyBy !== null) return;
  for (const [index, operator] of spec.operators.entries()) {
    const most = Math.max(operator.partitions, operator.autoscale?.max ?? 1);
    if (most > 1 && !mayRunParallelWithoutKey(spec.operators, index)) {
      ctx.addIssue({
        code: 'custom',
        path: ['operators', index, 'partitions'],
        message: `keyBy null means one global key: operator ${index} (${operator.kind}) must run on 1 partition, since a window at or after it needs one arrival order; set keyBy to 'sensorId' to parallelize`,
      });
    }
  }
});
export type TPipelineSpec = z.infer<typeof ZStoredPipelineSpecSchema>;

/**
 * Without a key, map and filter may still spread over partitions (by sensor), but only where no
 * reduce or window follows: a global window needs one deterministic arrival order.
 */
export function mayRunParallelWithoutKey(
  operators: readonly { kind: TOperatorKind }[],
  index: number,
): boolean {
  return operators.slice(index).every((op) => op.kind === 'map' || op.kind === 'filter');
}
export type TPipelineSpecInput = z.input<typeof ZPipelineSpecSchema>;

/** The reference pipeline of the design brief (also the `sensor-demo` pipeline). */
export const REFERENCE_PIPELINE: TPipelineSpecInput = {
  name: 'sensor-demo',
  keyBy: 'sensorId',
  operators: [
    { kind: 'map', config: { scale: 1, offset: 0, round: 2 } },
    { kind: 'filter', config: { field: 'value', op: '>', threshold: 50 } },
    { kind: 'reduce', config: { windowSize: 5, fn: 'avg' }, partitions: 2 },
    { kind: 'window', config: { size: 3, fns: ['max', 'min'] } },
  ],
};
