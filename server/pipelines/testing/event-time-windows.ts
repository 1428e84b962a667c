// The windowing stages of the event-time reference model: count windows (reduce, window `size`) and
// time windows (tumbling, sliding, session) with per-key watermarks, lateness, revisions and
// forgetting. Written step by step from docs/concepts.md "Time, watermarks and windows"; the
// readings of ambiguous sentences are listed at the top of event-time-reference.ts.
import type { AggFn, ErrorRecord, EtRow, EtWindowConfig, LateRecord } from './event-time-types.ts';

/** Where a stage reports what leaves the results path. */
export interface SideStreams {
  operator: number;
  late(record: LateRecord): void;
  error(record: ErrorRecord): void;
}

export interface Stage {
  /** One record of `key`, in arrival order; returns what the stage emits, in order. */
  push(row: EtRow, key: string): EtRow[];
  /** A timeout (or a flush) for `key`: what the stage emits, in order. */
  close(key: string): EtRow[];
}

/** A window member: the aggregated value and the record's ts. */
interface Member {
  value: number;
  ts: number;
}

export function finiteNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

function aggregate(fn: AggFn, values: number[]): number {
  switch (fn) {
    case 'count':
      return values.length;
    case 'min':
      return Math.min(...values);
    case 'max':
      return Math.max(...values);
    case 'sum':
      return sumLeftToRight(values);
    case 'avg':
      return sumLeftToRight(values) / values.length;
  }
}

/** Members in arrival order, summed from 0 (for sessions: in arrival order across merged parts). */
function sumLeftToRight(values: number[]): number {
  let sum = 0;
  for (const v of values) sum += v;
  return sum;
}

/**
 * A window's output `{ sensorId: key, ts: windowEnd - 1, windowStart, windowEnd, count, ...fns }`
 * plus `extra` (revision, partial). A sum or avg outside the finite range sends the would-be output to
 * `errors` instead, without the non-finite numbers (never emitted, not even as null; the reason
 * names them), and null is returned.
 */
function emitWindow(
  side: SideStreams,
  key: string,
  values: number[],
  windowStart: number,
  windowEnd: number,
  fns: AggFn[],
  extra: Record<string, unknown>,
): EtRow | null {
  const out: EtRow = { sensorId: key, ts: windowEnd - 1, windowStart, windowEnd, count: values.length };
  const overflowed: string[] = [];
  for (const fn of fns) {
    const result = aggregate(fn, values);
    if (Number.isFinite(result)) out[fn] = result;
    else overflowed.push(fn);
  }
  Object.assign(out, extra);
  if (overflowed.length === 0) return out;
  side.error({ operator: side.operator, key, reason: `${overflowed.join(', ')} is not finite`, record: out });
  return null;
}

/** Count windows: the next `size` records of a key whose field is a finite number, in arrival order. */
export function countWindowStage(
  side: SideStreams,
  size: number,
  fns: AggFn[],
  field: string,
  emitPartial: boolean,
): Stage {
  const open = new Map<string, Member[]>();
  const emit = (key: string, members: Member[], extra: Record<string, unknown>): EtRow[] => {
    const timestamps = members.map((m) => m.ts);
    const start = Math.min(...timestamps);
    const end = Math.max(...timestamps) + 1;
    const out = emitWindow(
      side,
      key,
      members.map((m) => m.value),
      start,
      end,
      fns,
      extra,
    );
    return out ? [out] : [];
  };
  return {
    push(row, key) {
      const value = row[field];
      if (!finiteNumber(value)) return [];
      const members = open.get(key) ?? [];
      open.set(key, members);
      members.push({ value, ts: row.ts });
      if (members.length < size) return [];
      open.set(key, []);
      return emit(key, members, {});
    },
    close(key) {
      const members = open.get(key) ?? [];
      if (!emitPartial || members.length === 0) return [];
      open.set(key, []);
      return emit(key, members, { partial: true });
    },
  };
}

interface TimeWindow {
  start: number;
  end: number;
  /** Values with the arrival sequence of their record, so merged sessions keep arrival order. */
  members: { value: number; seq: number }[];
  /** How many times it fired: the next firing carries `revision: fired` when fired > 0. */
  fired: number;
  changed: boolean;
}

interface KeyTime {
  watermark: number;
  windows: TimeWindow[];
}

export interface TimeWindowOptions {
  maxOutOfOrderMs: number;
  allowedLatenessMs: number;
}

/** The windows [start, end) of a record with time ts, for a tumbling or sliding window. */
export function alignedWindowsOf(ts: number, timeMs: number, slideMs: number): [number, number][] {
  const windows: [number, number][] = [];
  // Every k with k*slide <= ts < k*slide + timeMs, earliest start first.
  for (let k = Math.floor(ts / slideMs); k * slideMs + timeMs > ts; k--) {
    windows.unshift([k * slideMs, k * slideMs + timeMs]);
  }
  return windows;
}

/** Time windows: tumbling (`timeMs`), sliding (`timeMs` + `slideMs`) or session (`gapMs`). */
export function timeWindowStage(
  side: SideStreams,
  config: Pick<EtWindowConfig, 'timeMs' | 'slideMs' | 'gapMs' | 'fns'>,
  field: string,
  options: TimeWindowOptions,
): Stage {
  const { maxOutOfOrderMs, allowedLatenessMs: lateness } = options;
  const keys = new Map<string, KeyTime>();
  let seq = 0;
  const stateOf = (key: string): KeyTime => {
    let state = keys.get(key);
    if (!state) {
      state = { watermark: Number.NEGATIVE_INFINITY, windows: [] };
      keys.set(key, state);
    }
    return state;
  };
  const expired = (state: KeyTime, end: number) => end + lateness <= state.watermark;

  /** Steps 3 and 4: fire changed windows with W >= windowEnd, by (end, start); forget old ones. */
  const fireAndForget = (key: string, state: KeyTime): EtRow[] => {
    const due = state.windows
      .filter((w) => w.changed && state.watermark >= w.end)
      .sort((a, b) => a.end - b.end || a.start - b.start);
    const emitted: EtRow[] = [];
    for (const w of due) {
      const extra = w.fired > 0 ? { revision: w.fired } : {};
      const values = w.members.map((m) => m.value);
      const out = emitWindow(side, key, values, w.start, w.end, config.fns, extra);
      if (out) emitted.push(out);
      w.fired += 1;
      w.changed = false;
    }
    state.windows = state.windows.filter((w) => !(state.watermark >= w.end + lateness));
    return emitted;
  };

  /** Step 1 for a session: the record's own [ts, ts + gap) merged with every open session it overlaps. */
  const addToSession = (state: KeyTime, ts: number, member: TimeWindow['members'][number]): boolean => {
    let start = ts;
    let end = ts + config.gapMs!;
    let parts: TimeWindow[] = [];
    for (;;) {
      const overlapping = state.windows.filter((w) => w.start < end && start < w.end);
      if (overlapping.length === parts.length) break;
      parts = overlapping;
      start = Math.min(start, ...parts.map((w) => w.start));
      end = Math.max(end, ...parts.map((w) => w.end));
    }
    if (expired(state, end)) return false;
    const members = [...parts.flatMap((w) => w.members), member].sort((a, b) => a.seq - b.seq);
    const fired = Math.max(0, ...parts.map((w) => w.fired));
    state.windows = state.windows.filter((w) => !parts.includes(w));
    state.windows.push({ start, end, members, fired, changed: true });
    return true;
  };

  /** Step 1 for tumbling and sliding windows: added to every window of ts that is not expired. */
  const addToAligned = (state: KeyTime, ts: number, member: TimeWindow['members'][number]): boolean => {
    const timeMs = config.timeMs!;
    const live = alignedWindowsOf(ts, timeMs, config.slideMs ?? timeMs).filter(
      ([, end]) => !expired(state, end),
    );
    for (const [start, end] of live) {
      let w = state.windows.find((x) => x.start === start && x.end === end);
      if (!w) {
        w = { start, end, members: [], fired: 0, changed: false };
        state.windows.push(w);
      }
      w.members.push(member);
      w.changed = true;
    }
    return live.length > 0;
  };

  return {
    push(row, key) {
      const value = row[field];
      if (!finiteNumber(value)) return [];
      const state = stateOf(key);
      const member = { value, seq: seq++ };
      const added =
        config.gapMs !== undefined
          ? addToSession(state, row.ts, member)
          : addToAligned(state, row.ts, member);
      if (!added) {
        side.late({ operator: side.operator, key, watermark: state.watermark, record: row });
        return [];
      }
      state.watermark = Math.max(state.watermark, row.ts - maxOutOfOrderMs);
      return fireAndForget(key, state);
    },
    close(key) {
      const state = keys.get(key);
      if (!state || state.windows.length === 0) return [];
      const lastEnd = Math.max(...state.windows.map((w) => w.end));
      state.watermark = Math.max(state.watermark, lastEnd + lateness);
      return fireAndForget(key, state);
    },
  };
}
