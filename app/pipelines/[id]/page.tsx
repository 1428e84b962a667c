// One pipeline: its live flow graph, controls (run, simulate, scale) and window-output charts.
import type { Metadata } from 'next';
import { decodeParams } from '../../_lib/routes.ts';
import { PipelineDetail } from './_components/pipeline-detail.tsx';

type PipelineParams = Promise<{ id: string }>;

export async function generateMetadata({ params }: { params: PipelineParams }): Promise<Metadata> {
  const { id } = await decodeParams(params);
  return { title: id };
}

export default async function PipelinePage({ params }: { params: PipelineParams }) {
  const { id } = await decodeParams(params);
  return <PipelineDetail id={id} />;
}
