'use client';
import { useOverviewMetrics } from '../_lib/use-overview-metrics.ts';
// The Overview's body: summary tiles across the top, the charts beside the lifecycle feed (stacked
// below 1100 px), and the control plane's and the socket's state at the bottom. One metrics series
// (use-overview-metrics.ts) feeds both the tiles and the charts.
import { ClusterNodesCard } from './cluster-nodes-card.tsx';
import { ErrorNote } from './error-note.tsx';
import { HealthCard } from './health-card.tsx';
import { LifecycleFeed } from './lifecycle-feed.tsx';
import { MetricsCharts } from './metrics-charts.tsx';
import { OverviewTiles } from './overview-tiles.tsx';
import { RealtimeCard } from './realtime-card.tsx';

export function OverviewDashboard() {
  const { ticks, summary, error } = useOverviewMetrics();
  return (
    <div className="overview" data-testid="overview" data-history-ticks={ticks.length}>
      <ErrorNote error={error} title="Recent metrics" testId="overview-error" />
      <OverviewTiles ticks={ticks} summary={summary} />
      {summary?.cluster && <ClusterNodesCard cluster={summary.cluster} at={summary.at} />}
      <div className="overview-grid">
        <MetricsCharts ticks={ticks} />
        <div className="overview-side">
          <h2 className="section-title">Lifecycle</h2>
          <LifecycleFeed />
        </div>
      </div>
      <h2 className="section-title">Control plane · realtime</h2>
      <div className="card-grid">
        <HealthCard />
        <RealtimeCard />
      </div>
    </div>
  );
}
