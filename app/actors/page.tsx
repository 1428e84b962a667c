// Actors: every actor the runtime knows (resident and persisted), filterable, sortable, paged (all in
// the URL), live statuses.
import type { Metadata } from 'next';
import { Suspense } from 'react';
import { PageHeader } from '../_components/page-header.tsx';
import { ActorsView } from './_components/actors-view.tsx';

export const metadata: Metadata = { title: 'Actors' };

export default function ActorsPage() {
  return (
    <>
      <PageHeader
        title="Actors"
        description="Every actor the runtime knows, resident or persisted. Statuses update live; click a row to inspect and invoke it."
      />
      {/* The list reads its filters from the URL: rendered in the browser, after the shell. */}
      <Suspense fallback={<p className="empty-inline">Loading actors…</p>}>
        <ActorsView />
      </Suspense>
    </>
  );
}
