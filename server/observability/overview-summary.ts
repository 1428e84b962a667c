// The Overview's summary tiles that are not rates: resident actors per type and pipelines by status.
// Counting residents walks every activation, so this runs on request and, while someone watches the
// Overview, once per push interval, never in the background.
import type { Troupe } from '../troupe.ts';

export interface TOverviewSummary {
  at: number;
  /** Resident (in-memory) actors per type, most first. */
  residentsByType: { type: string; count: number }[];
  pipelines: { running: number; stopped: number };
  /** Cluster mode: the node this summary comes from and the live nodes with their load. */
  cluster?: TClusterSummary;
}

export interface TClusterSummary {
  node: string;
  nodes: {
    id: string;
    startedAt: number;
    heartbeatAt: number;
    residents: number;
    owned: number;
    turnsTotal: number;
    rssBytes: number;
  }[];
}

export function summarizeOverview({
  runtime,
  pipelines,
  cluster,
}: Pick<Troupe, 'runtime' | 'pipelines'> & Partial<Pick<Troupe, 'cluster'>>): TOverviewSummary {
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
  const summary: TOverviewSummary = { at: Date.now(), residentsByType, pipelines: { running, stopped } };
  if (cluster) {
    const view = cluster.view();
    summary.cluster = {
      node: view.node,
      nodes: view.nodes.map(({ id, startedAt, heartbeatAt, load }) => ({
        id,
        startedAt,
        heartbeatAt,
        ...load,
      })),
    };
  }
  return summary;
}
