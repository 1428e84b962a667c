// One pipeline: its live flow graph, controls (run, simulate, scale) and window-output charts.
import type { Metadata } from 'next';
import { PipelineDetail } from './_components/pipeline-detail.tsx';

interface PipelinePageProps {
  params: Promise<{ id: string }>;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export async function generateMetadata({ params }: PipelinePageProps): Promise<Metadata> {
  const { id } = await params;
  return { title: decodeSegment(id) };
}

export default async function PipelinePage({ params }: PipelinePageProps) {
  const { id } = await params;
  return <PipelineDetail id={decodeSegment(id)} />;
}
