// A pipeline page's window-output history, in the React Query cache: started from the backlog the
// server sends when the page joins the pipeline's room (the history every viewer shares), then
// extended by each push with the same fold the server runs (server/realtime/output-history.ts).
import {
  foldPoints,
  pointOf,
  recentOutputs,
  type TOutputEntry,
  type TOutputPoint,
} from '../../server/realtime/output-history.ts';

export { CHART_FNS, HISTORY_S } from '../../server/realtime/output-history.ts';
export type { TOutputEntry, TOutputPoint };

export interface TOutputHistory {
  points: TOutputPoint[];
  /** Outputs the server skipped to keep up (it sends at most a few hundred a push). */
  skipped: number;
  /** The latest outputs, newest first. */
  recent: TOutputEntry[];
}

export const EMPTY_HISTORY: TOutputHistory = { points: [], skipped: 0, recent: [] };

export const outputsKey = (id: string) => ['live', 'pipeline-outputs', id] as const;

/** The history after one push; a backlog replaces what was there. */
export function appendOutputs(
  old: TOutputHistory | undefined,
  update: { outputs: TOutputEntry[]; skippedOutputs: number; backlog: boolean },
): TOutputHistory {
  const base = update.backlog || !old ? EMPTY_HISTORY : old;
  const points = update.outputs.map(pointOf).filter((p): p is TOutputPoint => p !== null);
  return {
    points: foldPoints(base.points, points),
    skipped: base.skipped + update.skippedOutputs,
    recent: recentOutputs([...base.recent].reverse(), update.outputs).reverse(),
  };
}

export interface TOutputRow {
  sensor: string;
  /** Event time the output covers, epoch ms: a window's start and end, or a raw event's ts twice. */
  start: number | null;
  end: number | null;
  count: number | null;
  /** Aggregates (and a raw event's value), in chart order then by name. */
  values: [string, number][];
  /** Anything else the output carries, as it came. */
  extra: Record<string, unknown>;
}

const KNOWN = new Set(['sensorId', 'windowStart', 'windowEnd', 'ts', 'count']);
const VALUE_ORDER = ['avg', 'max', 'min', 'sum', 'value'];
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** A sink output split into what the outputs table shows in columns. */
export function describeOutput(output: Record<string, unknown>): TOutputRow {
  const values: [string, number][] = [];
  const extra: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(output)) {
    if (KNOWN.has(name)) continue;
    if (isNum(value)) values.push([name, value]);
    else extra[name] = value;
  }
  const rank = (name: string) =>
    VALUE_ORDER.includes(name) ? VALUE_ORDER.indexOf(name) : VALUE_ORDER.length;
  values.sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b));
  const start = isNum(output.windowStart) ? output.windowStart : isNum(output.ts) ? output.ts : null;
  const end = isNum(output.windowEnd) ? output.windowEnd : isNum(output.ts) ? output.ts : null;
  return {
    sensor: String(output.sensorId ?? '*'),
    start,
    end,
    count: isNum(output.count) ? output.count : null,
    values,
    extra,
  };
}

/** A measured value, rounded for reading: 3 significant digits below 100, whole numbers above. */
export function formatValue(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 100 || Number.isInteger(value)) return Math.round(value).toLocaleString('en-US');
  if (abs >= 10) return value.toFixed(1);
  if (abs >= 0.01) return value.toFixed(2);
  return abs === 0 ? '0' : value.toPrecision(2);
}
