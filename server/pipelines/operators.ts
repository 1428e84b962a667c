// Operator logic, pure and synchronous: a micro-batch of records in, outputs appended to `out`, the
// window state mutated in place (the actor runtime snapshots and rolls it back around each turn).
import { getOwn, setOwn } from './own-record.ts';
import type { TOperatorSpec, TPipelineSpec } from './spec.ts';

/** A record between operators: a sensor event or a window output. */
export type TRecord = Record<string, unknown> & { sensorId: string };

interface WindowAgg {
  n: number;
  sum: number;
  min: number;
  max: number;
  start: number;
  end: number;
  /** Time windows: the window index (floor(ts / timeMs)). */
  index?: number;
}

export interface OperatorState {
  /** Open windows by key (a client's sensor id): read and written as own properties only. */
  windows: Record<string, WindowAgg>;
}

/** What one operator needs to run: its spec plus where it reads values and how it keys windows. */
export interface OperatorPlan {
  op: TOperatorSpec;
  /** Field holding the value: 'value' for raw events, the upstream window's first function otherwise. */
  valueField: string;
  keyBy: 'sensorId' | null;
}

export function planOperators(spec: Pick<TPipelineSpec, 'operators' | 'keyBy'>): OperatorPlan[] {
  let valueField = 'value';
  return spec.operators.map((op) => {
    const plan = { op, valueField, keyBy: spec.keyBy };
    if (op.kind === 'reduce') valueField = op.config.fn;
    if (op.kind === 'window') valueField = op.config.fns[0]!;
    return plan;
  });
}

export const emptyOperatorState = (): OperatorState => ({ windows: {} });

/** Event time of a record: its ts, or the end of the window it summarizes. */
const timeOf = (r: TRecord): number => (typeof r.ts === 'number' ? r.ts : Number(r.windowEnd ?? 0));

export function runOperator(
  plan: OperatorPlan,
  state: OperatorState,
  records: TRecord[],
  out: TRecord[],
): void {
  const { op, valueField: field } = plan;
  switch (op.kind) {
    case 'map': {
      const { scale = 1, offset = 0, round, preset, costMs } = op.config;
      const factor = round === undefined ? 0 : 10 ** round;
      for (const r of records) {
        if (costMs) burn(costMs);
        let v = Number(r[field]);
        if (preset === 'c_to_f') v = v * 1.8 + 32;
        else if (preset === 'f_to_c') v = (v - 32) / 1.8;
        v = v * scale + offset;
        if (round !== undefined) v = Math.round(v * factor) / factor;
        out.push({ ...r, [field]: v });
      }
      return;
    }
    case 'filter': {
      const { op: cmp, threshold } = op.config;
      for (const r of records) if (compare(Number(r[field]), cmp, threshold)) out.push(r);
      return;
    }
    case 'reduce': {
      const { windowSize, fn } = op.config;
      for (const r of records) {
        const agg = add(state, plan, r);
        if (agg.n === windowSize) out.push(close(state, plan, r.sensorId, agg, [fn]));
      }
      return;
    }
    case 'window': {
      const { size, timeMs, fns } = op.config;
      for (const r of records) {
        if (size !== undefined) {
          const agg = add(state, plan, r);
          if (agg.n === size) out.push(close(state, plan, r.sensorId, agg, fns));
          continue;
        }
        const key = keyOf(plan, r);
        const index = Math.floor(timeOf(r) / timeMs!);
        const open = getOwn(state.windows, key);
        if (open && index < open.index!) continue; // late: its window already closed
        if (open && index > open.index!) out.push(close(state, plan, r.sensorId, open, fns));
        const agg = add(state, plan, r);
        agg.index = index;
        agg.start = index * timeMs!;
        agg.end = agg.start + timeMs!;
      }
      return;
    }
  }
}

/** Emits every open time window (e.g. when a pipeline is flushed or stopped). */
export function flushOperator(plan: OperatorPlan, state: OperatorState, out: TRecord[]): void {
  if (plan.op.kind !== 'window' || plan.op.config.timeMs === undefined) return;
  for (const [key, agg] of Object.entries(state.windows))
    out.push(close(state, plan, key, agg, plan.op.config.fns));
}

/** The window key of a record: its sensor, or one global window. */
export const keyOf = (plan: Pick<OperatorPlan, 'keyBy'>, r: TRecord): string =>
  plan.keyBy ? r.sensorId : '*';

function add(state: OperatorState, plan: OperatorPlan, r: TRecord): WindowAgg {
  const key = keyOf(plan, r);
  const v = Number(r[plan.valueField]);
  const ts = timeOf(r);
  let agg = getOwn(state.windows, key);
  if (!agg) {
    agg = { n: 0, sum: 0, min: v, max: v, start: ts, end: ts };
    setOwn(state.windows, key, agg);
  }
  agg.n++;
  agg.sum += v;
  agg.min = Math.min(agg.min, v);
  agg.max = Math.max(agg.max, v);
  agg.end = ts;
  return agg;
}

function close(
  state: OperatorState,
  plan: OperatorPlan,
  sensorId: string,
  agg: WindowAgg,
  fns: readonly string[],
) {
  const key = plan.keyBy ? sensorId : '*';
  delete state.windows[key];
  const output: TRecord = {
    sensorId: plan.keyBy ? sensorId : '*',
    count: agg.n,
    windowStart: agg.start,
    windowEnd: agg.end,
  };
  for (const fn of fns) output[fn] = aggregate(agg, fn);
  return output;
}

function aggregate(agg: WindowAgg, fn: string): number {
  switch (fn) {
    case 'avg':
      return agg.sum / agg.n;
    case 'sum':
      return agg.sum;
    case 'count':
      return agg.n;
    case 'min':
      return agg.min;
    default:
      return agg.max;
  }
}

function burn(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // deliberately busy: this is the simulated cost
  }
}

function compare(v: number, op: string, threshold: number): boolean {
  switch (op) {
    case '>':
      return v > threshold;
    case '>=':
      return v >= threshold;
    case '<':
      return v < threshold;
    case '<=':
      return v <= threshold;
    case '==':
      return v === threshold;
    default:
      return v !== threshold;
  }
}
