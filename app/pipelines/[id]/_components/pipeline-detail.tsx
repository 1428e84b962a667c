'use client';
// The pipeline inspector: `pipelines.get` once, then the pipeline's room keeps the cached answer
// and the output history current (at most 5 pushes a second, whatever the event rate).
import { useQuery } from '@tanstack/react-query';
import { DetailHeader } from '../../../_components/detail-header.tsx';
import { ErrorNote } from '../../../_components/error-note.tsx';
import { Stat } from '../../../_components/stat.tsx';
import { StatusBadge } from '../../../_components/status-badge.tsx';
import { formatCount, formatMs, formatRate } from '../../../_lib/format.ts';
import { usePipelineRoom } from '../../../_lib/pipeline-cache.ts';
import { useTRPC } from '../../../_lib/trpc.ts';
import { FlowGraph } from './flow-graph.tsx';
import { PipelineControls } from './pipeline-controls.tsx';
import { ScalingCards } from './scaling-cards.tsx';
import { SideStreamsCard } from './side-streams-card.tsx';
import { WindowCharts } from './window-charts.tsx';
import './pipeline-detail.css';

export function PipelineDetail({ id }: { id: string }) {
  const trpc = useTRPC();
  const pipeline = useQuery(trpc.pipelines.get.queryOptions({ id }));
  usePipelineRoom(id, { withOutputs: true });
  const data = pipeline.data;
  const sim = data?.simulation;

  return (
    <>
      <DetailHeader
        parent={{ href: '/pipelines', label: 'Pipelines' }}
        crumb={id}
        title={data?.name ?? id}
        titleTestId="pipeline-title"
      >
        {data && <StatusBadge status={data.status} testId="pipeline-status" />}
        {data && (
          <span className="muted mono">
            key by {data.keyBy ?? 'global'} · priority {data.priority}
          </span>
        )}
      </DetailHeader>
      {pipeline.isPending && (
        <p className="empty-inline" data-testid="pipeline-loading">
          Loading pipeline…
        </p>
      )}
      {pipeline.error && (
        <ErrorNote error={pipeline.error} testId="pipeline-error" title="Could not load the pipeline" />
      )}
      {data && (
        <>
          <dl className="stat-strip" data-testid="pipeline-summary">
            <Stat label="publish rate" value={formatRate(data.publishRate)} testId="pipeline-publish-rate" />
            <Stat label="published" value={formatCount(data.published)} />
            <Stat label="rejected" value={formatCount(data.rejected)} />
            <Stat label="outputs" value={formatCount(data.sinkOutputs)} testId="pipeline-outputs" />
            <Stat label="latency p50" value={formatMs(data.latencyP50Ms)} />
            <Stat label="latency p99" value={formatMs(data.latencyP99Ms)} testId="pipeline-p99" />
            <Stat
              label="simulator"
              value={sim ? `${formatRate(sim.ratePerSec)} · ${sim.sensors} sensors` : 'off'}
              testId="pipeline-simulator"
            />
          </dl>
          <FlowGraph pipeline={data} />
          <PipelineControls pipeline={data} />
          <ScalingCards pipeline={data} />
          <WindowCharts id={id} outputs={data.sinkOutputs} />
          <SideStreamsCard pipeline={data} />
        </>
      )}
    </>
  );
}
