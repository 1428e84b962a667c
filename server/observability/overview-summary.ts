// The Overview's summary tiles that are not rates: resident actors per type and pipelines by status.
// Counting residents walks every activation, so this runs on request and, while someone watches the
// Overview, once per push interval, never in the background.
import type { Troupe } from '../troupe.ts';

export interface TOverviewSummary {
  at: number;
  /** Resident (in-memory) actors per type, most first. */
  residentsByType: { type: string; count: number }[];
  pipelines: { running: number; stopped: number };
}

export function summarizeOverview({
  runtime,
  pipelines,
}: Pick<Troupe, 'runtime' | 'pipelines'>): TOverviewSummary {
  const byType = new Map<string, number>();
  for (const { type } of runtime.residents()) byType.set(type, (byType.get(type) ?? 0) + 1);
  const residentsByType = [...byType]
    .map(([type, count]) => ({ type, count }))
    .sort((a, b) => b.count - a.count || a.type.localeCompare(b.type));
  let running = 0;
  let stopped = 0;
  for (const pipeline of pipelines.all()) {
    if (pipeline.status === 'running') running++;
    else stopped++;
  }
  return { at: Date.now(), residentsByType, pipelines: { running, stopped } };
}
