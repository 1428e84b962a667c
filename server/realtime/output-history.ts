// The window-output history a pipeline page charts, folded the same way on the server (which keeps
// one per pipeline and hands it to every viewer that joins) and in the browser (which folds the
// pushes that follow): the newest output of each (second, sensor), over the last HISTORY_S seconds
// of event time, at most MAX_POINTS points, ordered by (second, sensor). Folding the newest output
// of each kept point gives the same points as folding every output, so a viewer that joins late
// and one that watched from the start chart the same thing. Pure: imported by the dashboard too.

export const HISTORY_S = 120;
/** Many sensors: the oldest points go first, so the work per update stays bounded. */
export const MAX_POINTS = 4000;
/** Latest outputs listed under the charts. */
export const RECENT_ROWS = 8;
/** Values a point may chart, in chart order; `count` or a raw event's `value` when none of the aggregates is there. */
export const CHART_FNS = ['avg', 'max', 'min', 'sum'] as const;

export interface TOutputEntry {
  seq: number;
  output: Record<string, unknown>;
}

export interface TOutputPoint {
  /** Event time of the output (its window's end, or a raw event's ts), epoch seconds. */
  t: number;
  sensor: string;
  values: Record<string, number>;
  seq: number;
}

const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** The point an output charts; null when it carries no event time. */
export function pointOf({ seq, output }: TOutputEntry): TOutputPoint | null {
  const time = num(output.windowEnd) ? output.windowEnd : num(output.ts) ? output.ts : null;
  if (time === null) return null;
  const values: Record<string, number> = {};
  for (const fn of CHART_FNS) if (num(output[fn])) values[fn] = output[fn];
  if (Object.keys(values).length === 0) {
    if (num(output.count)) values.count = output.count;
    else if (num(output.value)) values.value = output.value;
  }
  return { t: Math.floor(time / 1000), sensor: String(output.sensorId ?? '*'), values, seq };
}

const keyOf = (p: TOutputPoint) => `${p.t}|${p.sensor}`;
const bySecondThenSensor = (a: TOutputPoint, b: TOutputPoint) =>
  a.t - b.t || (a.sensor < b.sensor ? -1 : a.sensor > b.sensor ? 1 : 0);

/** `old` (a fold result) with `added` folded in, oldest first; each point keeps what it was made from. */
export function foldPoints<P extends TOutputPoint>(old: readonly P[], added: readonly P[]): P[] {
  if (added.length === 0) return old as P[];
  const byKey = new Map<string, P>();
  for (const point of old) byKey.set(keyOf(point), point);
  let newest = old.at(-1)?.t ?? Number.NEGATIVE_INFINITY;
  for (const point of added) {
    newest = Math.max(newest, point.t);
    byKey.set(keyOf(point), point);
  }
  return [...byKey.values()]
    .filter((p) => p.t > newest - HISTORY_S)
    .sort(bySecondThenSensor)
    .slice(-MAX_POINTS);
}

/** The newest RECENT_ROWS outputs of `old` and `added` (each oldest first), oldest first. */
export function recentOutputs(old: readonly TOutputEntry[], added: readonly TOutputEntry[]): TOutputEntry[] {
  return [...old, ...added].slice(-RECENT_ROWS);
}
