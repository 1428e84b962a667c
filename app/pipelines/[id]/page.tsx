// One pipeline: its live flow graph, controls (run, simulate, scale) and window-output charts.
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { decodeParams } from '../../_lib/routes.ts';
import { pipelineExists } from '../../_lib/server-troupe.ts';
import { PipelineDetail } from './_components/pipeline-detail.tsx';

type PipelineParams = Promise<{ id: string }>;

export async function generateMetadata({ params }: { params: PipelineParams }): Promise<Metadata> {
  const { id } = await decodeParams(params);
  return { title: id };
}

export default async function PipelinePage({ params }: { params: PipelineParams }) {
  const { id } = await decodeParams(params);
  if (pipelineExists(id) === false) notFound(); // a real 404, not a page that says so with a 200
  return <PipelineDetail id={id} />;
}
