// Pipelines: every stream pipeline with its live throughput, and a form to create one.
import type { Metadata } from 'next';
import { PageHeader } from '../_components/page-header.tsx';
import { PipelinesView } from './_components/pipelines-view.tsx';

export const metadata: Metadata = { title: 'Pipelines' };

export default function PipelinesPage() {
  return (
    <>
      <PageHeader
        title="Pipelines"
        description="Stream pipelines whose operators are virtual actors. Rates update live; open one for its flow graph."
      />
      <PipelinesView />
    </>
  );
}
