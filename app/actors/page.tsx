// Actors: every actor the runtime knows (resident and persisted), filterable, paged, live statuses.
import type { Metadata } from 'next';
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
      <ActorsView />
    </>
  );
}
