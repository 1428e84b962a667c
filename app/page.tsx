// Overview: is the Troupe process healthy, and is this dashboard receiving live events?
import type { Metadata } from 'next';
import { HealthCard } from './_components/health-card.tsx';
import { PageHeader } from './_components/page-header.tsx';
import { RealtimeCard } from './_components/realtime-card.tsx';

// The layout's title template only applies to child segments, not to the page beside it.
export const metadata: Metadata = { title: { absolute: 'Overview · Troupe' } };

export default function OverviewPage() {
  return (
    <>
      <PageHeader
        title="Overview"
        description="Health of the control plane and of this dashboard's live connection."
      />
      <div className="card-grid">
        <HealthCard />
        <RealtimeCard />
      </div>
    </>
  );
}
