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

export const ZSensorEventSchema = strictObject({
  sensorId: z.string().min(1).max(128),
  value: z.number().finite(),
  ts: z.number().finite().optional(),
});
export type TSensorEvent = z.infer<typeof ZSensorEventSchema>;

export const ZMapConfigSchema = strictObject({
  scale: z.number().finite().optional(),
  offset: z.number().finite().optional(),
  round: z.number().int().min(0).max(10).optional(),
  preset: z.enum(['c_to_f', 'f_to_c']).optional(),
  /** Busy-waits this long per event: simulates an expensive transform (isolation demos, benchmarks). */
  costMs: z.number().min(0).max(10).optional(),
});

export const FILTER_OPS = ['>', '>=', '<', '<=', '==', '!='] as const;
export const ZFilterConfigSchema = strictObject({
  field: z.literal('value').default('value'),
  op: z.enum(FILTER_OPS).default('>'),
  threshold: z.number().finite().default(50),
});

export const REDUCE_FNS = ['avg', 'sum', 'count', 'min', 'max'] as const;
export const ZReduceConfigSchema = strictObject({
  windowSize: z.number().int().min(1).max(100_000).default(5),
  fn: z.enum(REDUCE_FNS).default('avg'),
});

export const WINDOW_FNS = ['max', 'min', 'avg', 'count'] as const;
export const ZWindowConfigSchema = strictObject({
  size: z.number().int().min(1).max(100_000).optional(),
  timeMs: z
    .number()
    .int()
    .min(1)
    .max(24 * 3600_000)
    .optional(),
  fns: z.array(z.enum(WINDOW_FNS)).min(1).max(4).default(['max', 'min']),
}).refine((c) => (c.size === undefined) !== (c.timeMs === undefined), 'give exactly one of size or timeMs');

const partitions = z.number().int().min(1).max(64).default(1);
/** Options every operator takes besides its config. */
const operatorOptions = { partitions, autoscale: ZAutoscaleSchema.optional() };

export const ZOperatorSpecSchema = z.discriminatedUnion('kind', [
  strictObject({ kind: z.literal('map'), config: ZMapConfigSchema.default({}), ...operatorOptions }),
  strictObject({
    kind: z.literal('filter'),
    config: ZFilterConfigSchema.default({ field: 'value', op: '>', threshold: 50 }),
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

export const ZPipelineSpecSchema = strictObject({
  name: z.string().trim().min(1).max(80),
  operators: z.array(ZOperatorSpecSchema).min(1).max(16),
  keyBy: z.enum(['sensorId']).nullable().default('sensorId'),
  /** Share of the scheduler relative to other pipelines (DRR weight). */
  priority: z.number().min(0.1).max(10).default(1),
});
export type TPipelineSpec = z.infer<typeof ZPipelineSpecSchema>;
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
