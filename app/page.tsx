// Overview: what the runtime is doing now and over the last five minutes (loaded from the server's
// history, then live), every lifecycle transition, and whether the control plane and socket are up.
import type { Metadata } from 'next';
import { OverviewDashboard } from './_components/overview-dashboard.tsx';
import { PageHeader } from './_components/page-header.tsx';
import './overview.css';

// The layout's title template only applies to child segments, not to the page beside it.
export const metadata: Metadata = { title: { absolute: 'Overview · Troupe' } };

export default function OverviewPage() {
  return (
    <>
      <PageHeader
        title="Overview"
        description="Actors, pipelines and errors now; runtime rates and turn latency over the last five minutes; every lifecycle transition. Loaded from the server's recent history, then live."
      />
      <OverviewDashboard />
    </>
  );
}
