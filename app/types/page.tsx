// Types: every actor type this server runs, where it comes from and what it is made of.
import type { Metadata } from 'next';
import { PageHeader } from '../_components/page-header.tsx';
import { TypesView } from './_components/types-view.tsx';

export const metadata: Metadata = { title: 'Types' };

export default function TypesPage() {
  return (
    <>
      <PageHeader
        title="Types"
        description="Every actor type this server runs: from the actors/ folder, deployed with troupe deploy, or internal to the runtime. Open a deployed type for its versions and to roll back."
      />
      <TypesView />
    </>
  );
}
