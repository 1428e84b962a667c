// Overview: is the Troupe process healthy, is this dashboard live, and what is the runtime doing?
import type { Metadata } from 'next';
import { HealthCard } from './_components/health-card.tsx';
import { LifecycleFeed } from './_components/lifecycle-feed.tsx';
import { MetricsCharts } from './_components/metrics-charts.tsx';
import { PageHeader } from './_components/page-header.tsx';
import { RealtimeCard } from './_components/realtime-card.tsx';

// The layout's title template only applies to child segments, not to the page beside it.
export const metadata: Metadata = { title: { absolute: 'Overview · Troupe' } };

export default function OverviewPage() {
  return (
    <>
      <PageHeader
        title="Overview"
        description="Health of the control plane, runtime rates over the last five minutes and every lifecycle transition, live."
      />
      <div className="card-grid">
        <HealthCard />
        <RealtimeCard />
      </div>
      <div className="overview-grid">
        <div>
          <h2 className="section-title">Runtime · last 5 minutes</h2>
          <MetricsCharts />
        </div>
        <div>
          <h2 className="section-title">Lifecycle</h2>
          <LifecycleFeed />
        </div>
      </div>
    </>
  );
}
