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
} from '../../../server/pipelines/spec.ts';

export type TOperatorKind = 'map' | 'filter' | 'reduce' | 'window';
export const OPERATOR_KINDS: TOperatorKind[] = ['map', 'filter', 'reduce', 'window'];
export { FILTER_OPS, REDUCE_FNS, WINDOW_FNS };

/** count: every `size` records; the others assign by event time (docs/concepts.md). */
export type TWindowMode = 'count' | 'tumbling' | 'sliding' | 'session';
export const WINDOW_MODES: readonly TWindowMode[] = ['count', 'tumbling', 'sliding', 'session'];

export interface TOperatorDraft {
  uid: number;
  kind: TOperatorKind;
  partitions: string;
  /** The field the operator reads; empty: the stage's value field. Shared by every kind. */
  field: string;
  map: { scale: string; offset: string; round: string; preset: '' | 'c_to_f' | 'f_to_c'; as: string };
  filter: { op: (typeof FILTER_OPS)[number]; threshold: string };
  reduce: { windowSize: string; fn: (typeof REDUCE_FNS)[number]; timeoutMs: string; emitPartial: boolean };
  window: {
    mode: TWindowMode;
    size: string;
    timeMs: string;
    slideMs: string;
    gapMs: string;
    fns: (typeof WINDOW_FNS)[number][];
    timeoutMs: string;
    emitPartial: boolean;
  };
}

export interface TPipelineDraft {
  name: string;
  keyBy: 'sensorId' | 'global';
  priority: string;
  /** Event time: how far a record may trail its key's newest ts, and how long fired windows stay open. */
  maxOutOfOrderMs: string;
  allowedLatenessMs: string;
  operators: TOperatorDraft[];
}

let lastUid = 0;
const text = (v: unknown) => (v === undefined || v === null ? '' : String(v));

export function blankOperator(kind: TOperatorKind = 'map'): TOperatorDraft {
  return {
    uid: ++lastUid,
    kind,
    partitions: '1',
    field: '',
    map: { scale: '1', offset: '0', round: '', preset: '', as: '' },
    filter: { op: '>', threshold: '50' },
    reduce: { windowSize: '5', fn: 'avg', timeoutMs: '', emitPartial: false },
    window: {
      mode: 'count',
      size: '3',
      timeMs: '1000',
      slideMs: '500',
      gapMs: '1000',
      fns: ['max', 'min'],
      timeoutMs: '',
      emitPartial: false,
    },
  };
}

/** Which window a config describes (the schema allows exactly one of size, timeMs, gapMs). */
function windowMode(c: Record<string, unknown>): TWindowMode {
  if (c.gapMs !== undefined) return 'session';
  if (c.timeMs !== undefined) return c.slideMs !== undefined ? 'sliding' : 'tumbling';
  return 'count';
}

/** A spec as a draft (fields it does not set keep the blank operator's text). */
export function draftFromSpec(spec: TPipelineSpecInput): TPipelineDraft {
  const operators = spec.operators.map((op) => {
    const draft = blankOperator(op.kind);
    draft.partitions = text(op.partitions ?? 1);
    const c = (op.config ?? {}) as Record<string, unknown>;
    draft.field = text(c.field);
    if (op.kind === 'map') {
      draft.map = {
        scale: text(c.scale),
        offset: text(c.offset),
        round: text(c.round),
        preset: op.config?.preset ?? '',
        as: text(c.as),
      };
    }
    if (op.kind === 'filter') {
      draft.filter = { op: op.config?.op ?? '>', threshold: text(c.threshold ?? 50) };
    }
    if (op.kind === 'reduce') {
      draft.reduce = {
        windowSize: text(c.windowSize ?? 5),
        fn: op.config?.fn ?? 'avg',
        timeoutMs: text(c.timeoutMs),
        emitPartial: c.emitPartial === true,
      };
    }
    if (op.kind === 'window') {
      const w = draft.window;
      draft.window = {
        mode: windowMode(c),
        size: c.size === undefined ? w.size : text(c.size),
        timeMs: c.timeMs === undefined ? w.timeMs : text(c.timeMs),
        slideMs: c.slideMs === undefined ? w.slideMs : text(c.slideMs),
        gapMs: c.gapMs === undefined ? w.gapMs : text(c.gapMs),
        fns: op.config.fns ?? ['max', 'min'],
        timeoutMs: text(c.timeoutMs),
        emitPartial: c.emitPartial === true,
      };
    }
    return draft;
  });
  return {
    name: spec.name,
    keyBy: spec.keyBy === null ? 'global' : 'sensorId',
    priority: text(spec.priority ?? 1),
    maxOutOfOrderMs: text(spec.eventTime?.maxOutOfOrderMs ?? 0),
    allowedLatenessMs: text(spec.eventTime?.allowedLatenessMs ?? 0),
    operators,
  };
}

/** The reference pipeline (map → filter > 50 → reduce avg 5 → window max/min 3), as a draft. */
export function referenceDraft(): TPipelineDraft {
  return { ...draftFromSpec(REFERENCE_PIPELINE), name: 'sensor-pipeline' };
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
  /** Empty text means "not set": the schema's default applies. */
  const name = (value: string) => value.trim() || undefined;
  const operators = draft.operators.map((op, i) => {
    const at = (field: string) => `operators.${i}.${field}`;
    const partitions = number(at('partitions'), op.partitions) ?? Number.NaN;
    if (op.partitions.trim() === '') errors[at('partitions')] = 'Required';
    const field = name(op.field);
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
            field,
            as: name(op.map.as),
          },
        };
      case 'filter':
        return {
          kind: 'filter' as const,
          partitions,
          config: {
            field,
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
            field,
            timeoutMs: number(at('config.timeoutMs'), op.reduce.timeoutMs),
            emitPartial: op.reduce.emitPartial || undefined,
          },
        };
      default: {
        const w = op.window;
        // Only the inputs of the chosen kind are sent; the others stay in the draft.
        const need = (setting: 'size' | 'timeMs' | 'slideMs' | 'gapMs', when: boolean) =>
          when
            ? required(errors, at(`config.${setting}`), number(at(`config.${setting}`), w[setting]))
            : undefined;
        if (w.fns.length === 0) errors[at('config.fns')] = 'Pick at least one function';
        return {
          kind: 'window' as const,
          partitions,
          config: {
            size: need('size', w.mode === 'count'),
            timeMs: need('timeMs', w.mode === 'tumbling' || w.mode === 'sliding'),
            slideMs: need('slideMs', w.mode === 'sliding'),
            gapMs: need('gapMs', w.mode === 'session'),
            fns: w.fns,
            field,
            timeoutMs: number(at('config.timeoutMs'), w.timeoutMs),
            // An incomplete window is emitted only by count windows (time windows close by watermark).
            emitPartial: (w.mode === 'count' && w.emitPartial) || undefined,
          },
        };
      }
    }
  });
  const spec: TPipelineSpecInput = {
    name: draft.name,
    keyBy: draft.keyBy === 'global' ? null : 'sensorId',
    priority: number('priority', draft.priority),
    eventTime: {
      maxOutOfOrderMs: number('eventTime.maxOutOfOrderMs', draft.maxOutOfOrderMs),
      allowedLatenessMs: number('eventTime.allowedLatenessMs', draft.allowedLatenessMs),
    },
    operators,
  };
  const parsed = ZPipelineSpecSchema.safeParse(spec);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      errors[placeOf(issue.path, draft)] ??= issue.message;
    }
  }
  return { spec: Object.keys(errors).length === 0 ? spec : null, errors };
}

/**
 * Where an issue shows. The window config's cross-field rules have no path of their own; the form
 * sends exactly one of size/timeMs/gapMs and emitPartial only with size, so for a sliding window
 * the one rule that can fail is slideMs's: it shows at that input.
 */
function placeOf(path: readonly PropertyKey[], draft: TPipelineDraft): string {
  const joined = path.map(String).join('.') || 'form';
  const [root, index, part] = path;
  if (root === 'operators' && typeof index === 'number' && part === 'config' && path.length === 3) {
    const op = draft.operators[index];
    if (op?.kind === 'window' && op.window.mode === 'sliding') return `${joined}.slideMs`;
  }
  return joined;
}

function required(errors: TDraftErrors, path: string, value: number | undefined): number {
  if (value === undefined) errors[path] ??= 'Required';
  return value ?? Number.NaN;
}
