// Pipelines: placeholder until the stream pipeline views land.
import type { Metadata } from 'next';
import { PageHeader } from '../_components/page-header.tsx';

export const metadata: Metadata = { title: 'Pipelines' };

export default function PipelinesPage() {
  return (
    <>
      <PageHeader title="Pipelines" description="Stream pipelines built from actors, stage by stage." />
      <section className="empty-state" data-testid="pipelines-placeholder">
        <h2>No pipeline views yet</h2>
        <p>This page will show:</p>
        <ul>
          <li>each pipeline's stages and how they are wired;</li>
          <li>throughput, lag and backlog per stage, updated live;</li>
          <li>controls to pause, resume and replay a pipeline;</li>
          <li>recent failures with the message that caused them.</li>
        </ul>
      </section>
    </>
  );
}
