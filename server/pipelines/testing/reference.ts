// Reference model of stream-pipeline semantics: a plain, single-threaded function over an event list.
// It is written from the spec text alone (not from the engine's operators) so that property tests
// comparing the two catch bugs in either. Readability beats speed here: every step follows the spec
// literally, including the order of floating-point operations, so results can be compared exactly.

export interface RefEvent {
  sensorId: string;
  value: number;
  ts?: number;
}

export type Comparison = '>' | '>=' | '<' | '<=' | '==' | '!=';
export type ReduceFn = 'avg' | 'sum' | 'count' | 'min' | 'max';
export type WindowFn = 'max' | 'min' | 'avg' | 'count';

export interface RefMapConfig {
  scale?: number;
  offset?: number;
  round?: number;
  preset?: 'c_to_f' | 'f_to_c';
}
export interface RefFilterConfig {
  field: 'value';
  op: Comparison;
  threshold: number;
}
export interface RefReduceConfig {
  windowSize: number;
  fn: ReduceFn;
}
export interface RefWindowConfig {
  size?: number;
  timeMs?: number;
  fns: WindowFn[];
}

/** `partitions` is accepted so engine specs can be passed as-is; it never changes the semantics. */
export type RefOperator = { partitions?: number } & (
  | { kind: 'map'; config: RefMapConfig }
  | { kind: 'filter'; config: RefFilterConfig }
  | { kind: 'reduce'; config: RefReduceConfig }
  | { kind: 'window'; config: RefWindowConfig }
);

export interface RefPipeline {
  operators: RefOperator[];
  /** Defaults to 'sensorId'; null means one global key. */
  keyBy?: 'sensorId' | null;
}

export interface RefOptions {
  /** Emit every open time window at the end (what the engine's flush does). */
  flush?: boolean;
  /** The publish time, stamped on events without a ts. */
  publishTs?: number;
}

/** A record flowing between operators: a raw event or a window/reduce output. */
export type Row = { sensorId: string } & Record<string, string | number>;

/** The key used when keyBy is null, and the sensorId of keyed outputs in that case. */
const GLOBAL_KEY = '*';

interface Stage {
  push(row: Row): Row[];
  /** Emits what an explicit flush emits; count windows stay silent (partial windows emit nothing). */
  flush(): Row[];
}

export function referencePipeline(
  pipeline: RefPipeline,
  events: RefEvent[],
  options: RefOptions = {},
): Row[] {
  const keyBy = pipeline.keyBy === undefined ? 'sensorId' : pipeline.keyBy;
  const stages = buildStages(pipeline.operators, keyBy);
  const sink: Row[] = [];

  // Each output of stage i feeds stage i+1 before the next one is produced: per key this is
  // exactly "outputs in order"; across keys any interleaving is allowed, this is just one of them.
  const feed = (from: number, rows: Row[]) => {
    for (const row of rows) {
      if (from === stages.length) sink.push(row);
      else feed(from + 1, stages[from]!.push(row));
    }
  };

  for (const event of events) {
    const row: Row = { ...event, ts: event.ts ?? options.publishTs ?? 0 };
    feed(0, [row]);
  }
  if (options.flush) {
    // Upstream first, so windows closed by a flush still reach (and can fill) downstream windows.
    for (const [i, stage] of stages.entries()) feed(i + 1, stage.flush());
  }
  return sink;
}

function buildStages(operators: RefOperator[], keyBy: 'sensorId' | null): Stage[] {
  // Which field holds "the value" changes after each reduce/window, so track it statically.
  let field = 'value';
  const stages: Stage[] = [];
  for (const operator of operators) {
    stages.push(buildStage(operator, field, keyBy));
    if (operator.kind === 'reduce') field = operator.config.fn;
    if (operator.kind === 'window') field = operator.config.fns[0]!;
  }
  return stages;
}

function buildStage(operator: RefOperator, field: string, keyBy: 'sensorId' | null): Stage {
  switch (operator.kind) {
    case 'map':
      return mapStage(operator.config, field);
    case 'filter':
      return filterStage(operator.config, field);
    case 'reduce':
      return countWindowStage(operator.config.windowSize, [operator.config.fn], field, keyBy);
    case 'window': {
      const { size, timeMs, fns } = operator.config;
      if (size !== undefined) return countWindowStage(size, fns, field, keyBy);
      if (timeMs !== undefined) return timeWindowStage(timeMs, fns, field, keyBy);
      throw new Error('window needs exactly one of size or timeMs');
    }
  }
}

function mapStage(config: RefMapConfig, field: string): Stage {
  const scale = config.scale ?? 1;
  const offset = config.offset ?? 0;
  return {
    push(row) {
      let v = row[field] as number;
      if (config.preset === 'c_to_f') v = v * 1.8 + 32;
      if (config.preset === 'f_to_c') v = (v - 32) / 1.8;
      v = v * scale + offset;
      if (config.round !== undefined) {
        const factor = 10 ** config.round;
        v = Math.round(v * factor) / factor;
      }
      return [{ ...row, [field]: v }];
    },
    flush: () => [],
  };
}

function filterStage(config: RefFilterConfig, field: string): Stage {
  const test = (v: number): boolean => {
    const t = config.threshold;
    switch (config.op) {
      case '>':
        return v > t;
      case '>=':
        return v >= t;
      case '<':
        return v < t;
      case '<=':
        return v <= t;
      case '==':
        return v === t;
      case '!=':
        return v !== t;
    }
  };
  return {
    push: (row) => (test(row[field] as number) ? [row] : []),
    flush: () => [],
  };
}

/** A window's members: the values read from the value field, and their timestamps. */
interface Members {
  values: number[];
  timestamps: number[];
}

/** Every row carries its event time in `ts` (a window output: windowEnd - 1). */
function timeOf(row: Row): number {
  return row.ts as number;
}

function keyOf(row: Row, keyBy: 'sensorId' | null): string {
  return keyBy === null ? GLOBAL_KEY : row.sensorId;
}

function aggregate(fn: ReduceFn, values: number[]): number {
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

function sumLeftToRight(values: number[]): number {
  let sum = 0;
  for (const v of values) sum += v;
  return sum;
}

function windowOutput(
  key: string,
  values: number[],
  windowStart: number,
  windowEnd: number,
  fns: ReduceFn[],
): Row {
  // Every window is [windowStart, windowEnd); its output's event time is its last instant.
  const out: Row = { sensorId: key, count: values.length, windowStart, windowEnd, ts: windowEnd - 1 };
  for (const fn of fns) out[fn] = aggregate(fn, values);
  return out;
}

/** Count-based tumbling windows (reduce, and window with `size`): every `size` events of a key. */
function countWindowStage(size: number, fns: ReduceFn[], field: string, keyBy: 'sensorId' | null): Stage {
  const open = new Map<string, Members>();
  return {
    push(row) {
      const key = keyOf(row, keyBy);
      const members = open.get(key) ?? { values: [], timestamps: [] };
      open.set(key, members);
      members.values.push(row[field] as number);
      members.timestamps.push(timeOf(row));
      if (members.values.length < size) return [];
      open.delete(key);
      const { values, timestamps } = members;
      return [windowOutput(key, values, Math.min(...timestamps), Math.max(...timestamps) + 1, fns)];
    },
    flush: () => [],
  };
}

/**
 * Time-based tumbling windows aligned to multiples of timeMs, in-order semantics (no out-of-order
 * allowance): a record of a window older than the key's open one, or of a window a flush already
 * closed, is late (it goes to the side stream, not to the results, so it is dropped here).
 */
function timeWindowStage(timeMs: number, fns: ReduceFn[], field: string, keyBy: 'sensorId' | null): Stage {
  /** Per key, the first window index a record may still open after a flush. */
  const flushedBelow = new Map<string, number>();
  // Map iteration order is insertion order, i.e. keys in first-seen order, as flush requires;
  // replacing a key's window with set() keeps the key's original position.
  const open = new Map<string, { index: number; values: number[] }>();
  const close = (key: string, window: { index: number; values: number[] }): Row => {
    const windowStart = window.index * timeMs;
    return windowOutput(key, window.values, windowStart, windowStart + timeMs, fns);
  };
  return {
    push(row) {
      const key = keyOf(row, keyBy);
      const index = Math.floor(timeOf(row) / timeMs);
      if (index < (flushedBelow.get(key) ?? Number.NEGATIVE_INFINITY)) return [];
      const window = open.get(key);
      if (window === undefined) {
        open.set(key, { index, values: [row[field] as number] });
        return [];
      }
      if (index < window.index) return [];
      if (index === window.index) {
        window.values.push(row[field] as number);
        return [];
      }
      const emitted = close(key, window);
      open.set(key, { index, values: [row[field] as number] });
      return [emitted];
    },
    flush() {
      const emitted: Row[] = [];
      for (const [key, window] of open) {
        if (window.values.length > 0) emitted.push(close(key, window));
        flushedBelow.set(key, window.index + 1);
      }
      open.clear();
      return emitted;
    },
  };
}
