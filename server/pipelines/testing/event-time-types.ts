// Types of the event-time reference model (event-time-reference.ts): specs, steps and the three
// output streams, written from docs/concepts.md ("Records and named fields", "Time, watermarks and
// windows"), not from the engine's types, so the reference stays independent of the engine.

export type Comparison = '>' | '>=' | '<' | '<=' | '==' | '!=';
/** Aggregates: a reduce's `fn`, or one of a window's `fns`. */
export type AggFn = 'avg' | 'sum' | 'count' | 'min' | 'max';

/** A published event: `value`, an optional `ts` and up to 16 named fields (numbers or strings). */
export type EtEvent = { sensorId: string; value: number; ts?: number } & { [field: string]: unknown };

/** A record between stages and in the streams; a window output may carry `partial: true`. */
export type EtRow = { sensorId: string; ts: number } & { [field: string]: unknown };

export interface EtMapConfig {
  scale?: number;
  offset?: number;
  round?: number;
  preset?: 'c_to_f' | 'f_to_c';
  field?: string;
  as?: string;
}
export interface EtFilterConfig {
  field?: string;
  op: Comparison;
  threshold: number;
}
/** Options a reduce and a window share: the aggregated field and the quiet-key timeout. */
export interface EtWindowingOptions {
  field?: string;
  timeoutMs?: number;
  emitPartial?: boolean;
}
export interface EtReduceConfig extends EtWindowingOptions {
  windowSize: number;
  fn: AggFn;
}
/** Exactly one of `size` (count), `timeMs` (tumbling, or sliding with `slideMs`) or `gapMs` (session). */
export interface EtWindowConfig extends EtWindowingOptions {
  size?: number;
  timeMs?: number;
  slideMs?: number;
  gapMs?: number;
  fns: AggFn[];
}

/** `partitions` is accepted so engine specs can be passed as-is; it never changes the semantics. */
export type EtOperator = { partitions?: number } & (
  | { kind: 'map'; config: EtMapConfig }
  | { kind: 'filter'; config: EtFilterConfig }
  | { kind: 'reduce'; config: EtReduceConfig }
  | { kind: 'window'; config: EtWindowConfig }
);

export interface EtEventTime {
  maxOutOfOrderMs?: number;
  allowedLatenessMs?: number;
}

export interface EtPipeline {
  operators: EtOperator[];
  /** Defaults to 'sensorId'; null means one global key, '*'. */
  keyBy?: 'sensorId' | null;
  eventTime?: EtEventTime;
}

/**
 * What happens to the pipeline, in order. `publish` happens at the current clock time (the publish
 * time stamped on events without ts); `advance` moves the clock, and every key that has received no
 * record at an operator with `timeoutMs` for that long is closed when its time comes; `quiet` closes
 * one key at one operator now, as its timeout would; `flush` closes every key, stage by stage.
 */
export type EtStep =
  | { kind: 'publish'; events: EtEvent[] }
  | { kind: 'advance'; ms: number }
  | { kind: 'quiet'; operator: number; key: string }
  | { kind: 'flush' };

export interface LateRecord {
  operator: number;
  key: string;
  watermark: number;
  record: EtRow;
}
export interface ErrorRecord {
  operator: number;
  key: string;
  reason: string;
  record: EtRow;
}

export interface EtOutput {
  results: EtRow[];
  late: LateRecord[];
  errors: ErrorRecord[];
}

/** The key of keyBy null, and the sensorId of that key's window outputs. */
export const GLOBAL_KEY = '*';
