// Operator logic, pure and synchronous: a micro-batch of records in, outputs and side entries
// (late records, numeric errors) appended to an Emitter, the per-key state mutated in place (the
// actor runtime snapshots and rolls it back around each turn). docs/concepts.md "Time, watermarks
// and windows" is the specification; every step below follows it in its order.
import type { TEventTime, TOperatorSpec, TPipelineSpec } from './spec.ts';
import { type KeyState, keyStateOf, type OperatorState, type WindowAgg } from './window-state.ts';

export { emptyOperatorState, type OperatorState, upgradeState } from './window-state.ts';

/** A record between operators: a sensor event (with its named fields) or a window output. */
export type TRecord = Record<string, unknown> & { sensorId: string };

export type SideStream = 'late' | 'errors';
export interface SideEntry {
  stream: SideStream;
  entry: { operator: number; key: string; watermark?: number; reason?: string; record: unknown };
}

/** Where one turn's results go. */
export interface Emitter {
  out: TRecord[];
  side: SideEntry[];
}

/** What one operator needs to run: its spec plus where it reads values and how it keys windows. */
export interface OperatorPlan {
  op: TOperatorSpec;
  index: number;
  /** The field this operator reads: its config's `field`, else the pipeline's value field here. */
  field: string;
  /** Where a map writes its result: its config's `as` (`value`: the value field), else `field`. */
  as: string;
  keyBy: 'sensorId' | null;
  eventTime: TEventTime;
}

const NO_EVENT_TIME: TEventTime = { maxOutOfOrderMs: 0, allowedLatenessMs: 0 };

export function planOperators(
  spec: Pick<TPipelineSpec, 'operators' | 'keyBy'> & { eventTime?: TEventTime },
): OperatorPlan[] {
  let valueField = 'value';
  return spec.operators.map((op, index) => {
    // `value` (or no field) names the stage's value field; any other name addresses that field.
    const named = op.config.field;
    const field = named === undefined || named === 'value' ? valueField : named;
    const as = op.kind === 'map' ? op.config.as : undefined;
    const plan: OperatorPlan = {
      op,
      index,
      field,
      as: as === undefined ? field : as === 'value' ? valueField : as,
      keyBy: spec.keyBy,
      eventTime: spec.eventTime ?? NO_EVENT_TIME,
    };
    if (op.kind === 'reduce') valueField = op.config.fn;
    if (op.kind === 'window') valueField = op.config.fns[0]!;
    return plan;
  });
}

/** The window key of a record: its sensor, or one global window. */
export const keyOf = (plan: Pick<OperatorPlan, 'keyBy'>, r: TRecord): string =>
  plan.keyBy ? r.sensorId : '*';

/** The key a record is routed by: its window key for windows, its sensor for map and filter. */
export const routingKeyOf = (plan: OperatorPlan, r: TRecord): string =>
  plan.op.kind === 'map' || plan.op.kind === 'filter' ? r.sensorId : keyOf(plan, r);

/** Operators with per-key timeouts, and how long a key may be quiet. */
export function timeoutOf(plan: OperatorPlan): number | undefined {
  return plan.op.kind === 'reduce' || plan.op.kind === 'window' ? plan.op.config.timeoutMs : undefined;
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

export function runOperator(
  plan: OperatorPlan,
  state: OperatorState,
  records: TRecord[],
  emit: Emitter,
  now: number,
): void {
  const { op, field } = plan;
  switch (op.kind) {
    case 'map': {
      const { scale = 1, offset = 0, round, preset, costMs } = op.config;
      const { as } = plan;
      const factor = round === undefined ? 0 : 10 ** round;
      for (const r of records) {
        if (costMs) burn(costMs);
        const input = r[field];
        if (!finite(input)) {
          emit.out.push(r);
          continue;
        }
        let v = input;
        if (preset === 'c_to_f') v = v * 1.8 + 32;
        else if (preset === 'f_to_c') v = (v - 32) / 1.8;
        v = v * scale + offset;
        if (round !== undefined) v = Math.round(v * factor) / factor;
        if (!Number.isFinite(v)) {
          emit.side.push(sideError(plan, r, `map result of ${field} is not finite`));
          continue;
        }
        emit.out.push({ ...r, [as]: v });
      }
      return;
    }
    case 'filter': {
      const { op: cmp, threshold } = op.config;
      for (const r of records) {
        const v = r[field];
        if (finite(v) && compare(v, cmp, threshold)) emit.out.push(r);
      }
      return;
    }
    case 'reduce':
    case 'window': {
      const size = op.kind === 'reduce' ? op.config.windowSize : op.config.size;
      for (const r of records) {
        const v = r[field];
        if (!finite(v)) continue;
        const key = keyOf(plan, r);
        const ks = keyStateOf(state, key);
        ks.lastAt = now;
        if (size !== undefined) addToCount(plan, ks, key, r, v, size, emit);
        else addToTime(plan, ks, key, r, v, emit);
      }
      return;
    }
  }
}

/**
 * Closes keys: raises each one's watermark past its open time windows (they fire and are forgotten;
 * records for them arriving later are late) and, with emitPartial, emits incomplete count windows.
 * `quietSince` picks the keys (timeouts: last record at or before it); without it, every key (flush).
 */
export function closeKeys(
  plan: OperatorPlan,
  state: OperatorState,
  emit: Emitter,
  quietSince?: number,
): void {
  const lateness = plan.eventTime.allowedLatenessMs;
  const emitPartial = plan.op.kind !== 'map' && plan.op.kind !== 'filter' && plan.op.config.emitPartial;
  for (const [key, ks] of Object.entries(state.keys)) {
    if (quietSince !== undefined && (ks.lastAt === undefined || ks.lastAt > quietSince)) continue;
    if (ks.windows && ks.windows.length > 0) {
      let lastEnd = Number.NEGATIVE_INFINITY;
      for (const w of ks.windows) lastEnd = Math.max(lastEnd, w.end);
      ks.floor = Math.max(ks.floor ?? Number.NEGATIVE_INFINITY, lastEnd + lateness);
      fireAndForget(plan, ks, key, emit);
    }
    if (ks.count && emitPartial) {
      emitWindow(plan, key, ks.count, emit, { partial: true });
      delete ks.count;
    }
    if (!hasOpenWork(plan, ks)) delete ks.lastAt;
  }
}

/** The earliest wall-clock time a key of this operator becomes quiet, or null if none can. */
export function nextTimeout(plan: OperatorPlan, state: OperatorState): number | null {
  const timeoutMs = timeoutOf(plan);
  if (timeoutMs === undefined) return null;
  let earliest: number | null = null;
  for (const ks of Object.values(state.keys)) {
    if (ks.lastAt === undefined || !hasOpenWork(plan, ks)) continue;
    const due = ks.lastAt + timeoutMs;
    if (earliest === null || due < earliest) earliest = due;
  }
  return earliest;
}

/** Whether a key holds something a timeout would close. */
function hasOpenWork(plan: OperatorPlan, ks: KeyState): boolean {
  const emitPartial = plan.op.kind !== 'map' && plan.op.kind !== 'filter' && plan.op.config.emitPartial;
  return (ks.windows?.length ?? 0) > 0 || (ks.count !== undefined && emitPartial === true);
}

function addToCount(
  plan: OperatorPlan,
  ks: KeyState,
  key: string,
  r: TRecord,
  v: number,
  size: number,
  emit: Emitter,
): void {
  const ts = timeOf(r);
  let c = ks.count;
  if (!c) {
    c = { n: 0, sum: 0, min: v, max: v, start: ts, end: ts + 1, fired: 0, dirty: false };
    ks.count = c;
  }
  add(c, v);
  c.start = Math.min(c.start, ts);
  c.end = Math.max(c.end, ts + 1);
  if (c.n === size) {
    delete ks.count;
    emitWindow(plan, key, c, emit, {});
  }
}

function addToTime(
  plan: OperatorPlan,
  ks: KeyState,
  key: string,
  r: TRecord,
  v: number,
  emit: Emitter,
): void {
  const lateness = plan.eventTime.allowedLatenessMs;
  const ts = timeOf(r);
  const watermark = watermarkOf(plan, ks);
  ks.windows ??= [];
  const windows = ks.windows;
  const config = plan.op.kind === 'window' ? plan.op.config : null;
  const expired = (end: number) => end + lateness <= watermark;
  let accepted = false;
  if (config?.gapMs !== undefined) {
    // A session: the record's own [ts, ts + gap), merged with every open session it overlaps.
    const end = ts + config.gapMs;
    const parts = windows.filter((w) => w.start < end && ts < w.end).sort((a, b) => a.start - b.start);
    const merged: WindowAgg = { n: 0, sum: 0, min: v, max: v, start: ts, end, fired: 0, dirty: true };
    for (const part of parts) {
      merged.n += part.n;
      merged.sum += part.sum;
      if (part.overflow || !Number.isFinite(merged.sum)) merged.overflow = true;
      merged.min = Math.min(merged.min, part.min);
      merged.max = Math.max(merged.max, part.max);
      merged.start = Math.min(merged.start, part.start);
      merged.end = Math.max(merged.end, part.end);
      merged.fired = Math.max(merged.fired, part.fired);
    }
    if (!expired(merged.end)) {
      add(merged, v);
      ks.windows = windows.filter((w) => !parts.includes(w));
      ks.windows.push(merged);
      accepted = true;
    }
  } else {
    const size = config?.timeMs ?? 1;
    const slide = config?.slideMs ?? size;
    // Every [k·slide, k·slide + size) containing ts, newest start first.
    for (let start = Math.floor(ts / slide) * slide; start + size > ts; start -= slide) {
      const end = start + size;
      if (expired(end)) continue;
      let w = windows.find((candidate) => candidate.start === start);
      if (!w) {
        w = { n: 0, sum: 0, min: v, max: v, start, end, fired: 0, dirty: false };
        windows.push(w);
      }
      add(w, v);
      w.dirty = true;
      accepted = true;
    }
  }
  if (!accepted) {
    emit.side.push({ stream: 'late', entry: { operator: plan.index, key, watermark, record: r } });
    return;
  }
  ks.maxTs = ks.maxTs === undefined ? ts : Math.max(ks.maxTs, ts);
  fireAndForget(plan, ks, key, emit);
}

/** Fires every changed window the watermark has passed, in (end, start) order, then forgets expired ones. */
function fireAndForget(plan: OperatorPlan, ks: KeyState, key: string, emit: Emitter): void {
  const windows = ks.windows;
  if (!windows || windows.length === 0) return;
  const watermark = watermarkOf(plan, ks);
  // Most records close nothing: check before allocating.
  let closing = false;
  for (const w of windows) if (watermark >= w.end) closing = true;
  if (!closing) return;
  const ready = windows.filter((w) => w.dirty && watermark >= w.end);
  ready.sort((a, b) => a.end - b.end || a.start - b.start);
  for (const w of ready) {
    emitWindow(plan, key, w, emit, w.fired > 0 ? { revision: w.fired } : {});
    w.fired++;
    w.dirty = false;
  }
  const lateness = plan.eventTime.allowedLatenessMs;
  ks.windows = windows.filter((w) => watermark < w.end + lateness);
}

/** W = max ts seen − maxOutOfOrderMs, raised by timeouts and flushes (−∞ before any record). */
export function watermarkOf(plan: OperatorPlan, ks: KeyState): number {
  const delay = plan.eventTime.maxOutOfOrderMs;
  const fromRecords = ks.maxTs === undefined ? Number.NEGATIVE_INFINITY : ks.maxTs - delay;
  return Math.max(fromRecords, ks.floor ?? Number.NEGATIVE_INFINITY);
}

function emitWindow(
  plan: OperatorPlan,
  key: string,
  w: WindowAgg,
  emit: Emitter,
  extra: { revision?: number; partial?: true },
): void {
  const fns: readonly string[] =
    plan.op.kind === 'reduce' ? [plan.op.config.fn] : plan.op.kind === 'window' ? plan.op.config.fns : [];
  const output: TRecord = {
    sensorId: key,
    count: w.n,
    windowStart: w.start,
    windowEnd: w.end,
    ts: w.end - 1,
    ...extra,
  };
  // The window goes to `errors` if any fn left the finite range; it keeps the fns that did not.
  const overflowed: string[] = [];
  for (const fn of fns) {
    const value = aggregate(w, fn);
    if (Number.isFinite(value)) output[fn] = value;
    else overflowed.push(fn);
  }
  if (overflowed.length === 0) emit.out.push(output);
  else emit.side.push(sideError(plan, output, `${overflowed.join(', ')} of ${plan.field} is not finite`));
}

function sideError(plan: OperatorPlan, record: TRecord, reason: string): SideEntry {
  return { stream: 'errors', entry: { operator: plan.index, key: keyOf(plan, record), reason, record } };
}

/** Event time of a record: its ts, or (a stored record from before ts was written) its window's end. */
const timeOf = (r: TRecord): number =>
  typeof r.ts === 'number' ? r.ts : typeof r.windowEnd === 'number' ? r.windowEnd - 1 : 0;

function add(agg: WindowAgg, v: number): void {
  agg.n++;
  agg.sum += v;
  agg.min = Math.min(agg.min, v);
  agg.max = Math.max(agg.max, v);
  // State is stored as JSON, where Infinity becomes null (then 0): keep the sum finite and say so.
  if (!Number.isFinite(agg.sum)) {
    agg.sum = 0;
    agg.overflow = true;
  }
}

function aggregate(agg: WindowAgg, fn: string): number {
  if (agg.overflow && (fn === 'sum' || fn === 'avg')) return Number.POSITIVE_INFINITY;
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
