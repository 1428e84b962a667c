// The create-pipeline form's model: text drafts per operator (every kind's fields are kept, so
// switching kinds loses nothing), turned into a spec and checked with the control plane's own
// zod schema. Errors are keyed by path: "name", "operators.2.config.windowSize".
import {
  FILTER_OPS,
  REDUCE_FNS,
  REFERENCE_PIPELINE,
  type TPipelineSpecInput,
  WINDOW_FNS,
  ZPipelineSpecSchema,
} from '@/server/pipelines/spec.ts';

export type TOperatorKind = 'map' | 'filter' | 'reduce' | 'window';
export const OPERATOR_KINDS: TOperatorKind[] = ['map', 'filter', 'reduce', 'window'];
export { FILTER_OPS, REDUCE_FNS, WINDOW_FNS };

export interface TOperatorDraft {
  uid: number;
  kind: TOperatorKind;
  partitions: string;
  map: { scale: string; offset: string; round: string; preset: '' | 'c_to_f' | 'f_to_c' };
  filter: { op: (typeof FILTER_OPS)[number]; threshold: string };
  reduce: { windowSize: string; fn: (typeof REDUCE_FNS)[number] };
  window: { mode: 'size' | 'time'; size: string; timeMs: string; fns: (typeof WINDOW_FNS)[number][] };
}

export interface TPipelineDraft {
  name: string;
  keyBy: 'sensorId' | 'global';
  priority: string;
  operators: TOperatorDraft[];
}

let lastUid = 0;
const text = (v: unknown) => (v === undefined || v === null ? '' : String(v));

export function blankOperator(kind: TOperatorKind = 'map'): TOperatorDraft {
  return {
    uid: ++lastUid,
    kind,
    partitions: '1',
    map: { scale: '1', offset: '0', round: '', preset: '' },
    filter: { op: '>', threshold: '50' },
    reduce: { windowSize: '5', fn: 'avg' },
    window: { mode: 'size', size: '3', timeMs: '1000', fns: ['max', 'min'] },
  };
}

/** The reference pipeline (map → filter > 50 → reduce avg 5 → window max/min 3), as a draft. */
export function referenceDraft(): TPipelineDraft {
  const operators = REFERENCE_PIPELINE.operators.map((op) => {
    const draft = blankOperator(op.kind);
    draft.partitions = text(op.partitions ?? 1);
    const c = (op.config ?? {}) as Record<string, unknown>;
    if (op.kind === 'map')
      draft.map = { scale: text(c.scale), offset: text(c.offset), round: text(c.round), preset: '' };
    if (op.kind === 'filter') draft.filter = { op: op.config?.op ?? '>', threshold: text(c.threshold) };
    if (op.kind === 'reduce') draft.reduce = { windowSize: text(c.windowSize), fn: op.config?.fn ?? 'avg' };
    if (op.kind === 'window') {
      draft.window = {
        mode: c.timeMs !== undefined ? 'time' : 'size',
        size: text(c.size ?? 3),
        timeMs: text(c.timeMs ?? 1000),
        fns: op.config.fns ?? ['max', 'min'],
      };
    }
    return draft;
  });
  return { name: 'sensor-pipeline', keyBy: 'sensorId', priority: '1', operators };
}

export type TDraftErrors = Record<string, string>;

export function buildSpec(draft: TPipelineDraft): { spec: TPipelineSpecInput | null; errors: TDraftErrors } {
  const errors: TDraftErrors = {};
  const number = (path: string, value: string) => {
    if (value.trim() === '') return undefined;
    const n = Number(value);
    if (!Number.isFinite(n)) errors[path] = 'Must be a number';
    return n;
  };
  const operators = draft.operators.map((op, i) => {
    const at = (field: string) => `operators.${i}.${field}`;
    const partitions = number(at('partitions'), op.partitions) ?? Number.NaN;
    if (op.partitions.trim() === '') errors[at('partitions')] = 'Required';
    switch (op.kind) {
      case 'map':
        return {
          kind: 'map' as const,
          partitions,
          config: {
            scale: number(at('config.scale'), op.map.scale),
            offset: number(at('config.offset'), op.map.offset),
            round: number(at('config.round'), op.map.round),
            preset: op.map.preset || undefined,
          },
        };
      case 'filter':
        return {
          kind: 'filter' as const,
          partitions,
          config: {
            field: 'value' as const,
            op: op.filter.op,
            threshold: required(
              errors,
              at('config.threshold'),
              number(at('config.threshold'), op.filter.threshold),
            ),
          },
        };
      case 'reduce':
        return {
          kind: 'reduce' as const,
          partitions,
          config: {
            windowSize: required(
              errors,
              at('config.windowSize'),
              number(at('config.windowSize'), op.reduce.windowSize),
            ),
            fn: op.reduce.fn,
          },
        };
      default: {
        const bySize = op.window.mode === 'size';
        const size = bySize
          ? required(errors, at('config.size'), number(at('config.size'), op.window.size))
          : undefined;
        const timeMs = bySize
          ? undefined
          : required(errors, at('config.timeMs'), number(at('config.timeMs'), op.window.timeMs));
        if (op.window.fns.length === 0) errors[at('config.fns')] = 'Pick at least one function';
        return { kind: 'window' as const, partitions, config: { size, timeMs, fns: op.window.fns } };
      }
    }
  });
  const spec: TPipelineSpecInput = {
    name: draft.name,
    keyBy: draft.keyBy === 'global' ? null : 'sensorId',
    priority: number('priority', draft.priority),
    operators,
  };
  const parsed = ZPipelineSpecSchema.safeParse(spec);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.join('.') || 'form';
      errors[path] ??= issue.message;
    }
  }
  return { spec: Object.keys(errors).length === 0 ? spec : null, errors };
}

function required(errors: TDraftErrors, path: string, value: number | undefined): number {
  if (value === undefined) errors[path] ??= 'Required';
  return value ?? Number.NaN;
}
