// Recent window outputs of a pipeline, per sensor and second, for the live charts: the newest output
// of each (second, sensor) is kept, over the last HISTORY_S seconds. Bounded at any output rate.

export const HISTORY_S = 120;
const RECENT_ROWS = 8;
/** Many sensors: the oldest points go first, so the work per update stays bounded. */
const MAX_POINTS = 4000;
/** Aggregates a window output may carry, in chart order; `count` only when nothing else is there. */
export const CHART_FNS = ['avg', 'max', 'min', 'sum'] as const;

export interface TOutputPoint {
  /** Window end, epoch seconds. */
  t: number;
  sensor: string;
  values: Record<string, number>;
}

export interface TOutputHistory {
  points: TOutputPoint[];
  /** Outputs received since the page opened, and those the server skipped to keep up. */
  received: number;
  skipped: number;
  recent: { seq: number; output: Record<string, unknown> }[];
}

export const EMPTY_HISTORY: TOutputHistory = { points: [], received: 0, skipped: 0, recent: [] };

export const outputsKey = (id: string) => ['live', 'pipeline-outputs', id] as const;

export function appendOutputs(
  old: TOutputHistory | undefined,
  outputs: { seq: number; output: Record<string, unknown> }[],
  skipped: number,
): TOutputHistory {
  const base = old ?? EMPTY_HISTORY;
  const byKey = new Map<string, TOutputPoint>();
  for (const point of base.points) byKey.set(`${point.t}|${point.sensor}`, point);
  let newest = base.points.at(-1)?.t ?? 0;
  for (const { output } of outputs) {
    const end = typeof output.windowEnd === 'number' ? output.windowEnd : Date.now();
    const t = Math.floor(end / 1000);
    newest = Math.max(newest, t);
    const values: Record<string, number> = {};
    for (const [name, value] of Object.entries(output)) {
      if (typeof value === 'number' && (CHART_FNS as readonly string[]).includes(name)) values[name] = value;
    }
    if (Object.keys(values).length === 0 && typeof output.count === 'number') values.count = output.count;
    const sensor = String(output.sensorId ?? '*');
    byKey.set(`${t}|${sensor}`, { t, sensor, values });
  }
  const points = [...byKey.values()]
    .filter((p) => p.t > newest - HISTORY_S)
    .sort((a, b) => a.t - b.t)
    .slice(-MAX_POINTS);
  return {
    points,
    received: base.received + outputs.length,
    skipped: base.skipped + skipped,
    recent: [...outputs.slice(-RECENT_ROWS).reverse(), ...base.recent].slice(0, RECENT_ROWS),
  };
}
