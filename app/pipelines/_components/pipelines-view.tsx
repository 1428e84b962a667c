'use client';
// The pipeline list, kept live through each listed pipeline's room (bounded pushes per pipeline).
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { DataTable, numeric } from '../../_components/data-table.tsx';
import { ListStates } from '../../_components/list-states.tsx';
import { ListToolbar } from '../../_components/list-toolbar.tsx';
import { StatusBadge } from '../../_components/status-badge.tsx';
import { formatCount, formatMs, formatRate } from '../../_lib/format.ts';
import { usePipelineRoom } from '../../_lib/pipeline-cache.ts';
import type { TPipelineSummary } from '../../_lib/router-types.ts';
import { pipelineHref } from '../../_lib/routes.ts';
import { useTRPC } from '../../_lib/trpc.ts';
import { CreatePipelineForm } from './create-pipeline-form.tsx';
import { operatorLabel } from './operator-label.ts';

/** Live rows for at most this many pipelines; the rest refresh on focus. */
const LIVE_ROWS = 20;

export function PipelinesView() {
  const trpc = useTRPC();
  const list = useQuery(trpc.pipelines.list.queryOptions());

  return (
    <>
      <ListToolbar formLabel="Create pipeline" toggleTestId="create-toggle" form={<CreatePipelineForm />}>
        <span className="muted" data-testid="pipelines-count">
          {list.data ? `${list.data.length} pipeline${list.data.length === 1 ? '' : 's'}` : ''}
        </span>
      </ListToolbar>
      <section className="card card-flush" aria-label="Pipelines">
        <ListStates
          query={list}
          noun="pipelines"
          isEmpty={(data) => data.length === 0}
          empty="No pipelines yet. Create one: the form starts from the reference sensor pipeline."
        >
          {(data) => (
            <DataTable
              columns={[
                'pipeline',
                'status',
                'operators',
                numeric('publish rate'),
                numeric('published'),
                numeric('outputs'),
                numeric('p99 latency'),
                'simulator',
              ]}
              className="table-hover"
              testId="pipelines-table"
              scroll
            >
              {data.map((pipeline, index) => (
                <PipelineRow key={pipeline.id} pipeline={pipeline} live={index < LIVE_ROWS} />
              ))}
            </DataTable>
          )}
        </ListStates>
      </section>
    </>
  );
}

function LiveRoom({ id }: { id: string }) {
  usePipelineRoom(id, { withOutputs: false });
  return null;
}

function PipelineRow({ pipeline, live }: { pipeline: TPipelineSummary; live: boolean }) {
  const sim = pipeline.simulation;
  return (
    <tr data-testid="pipeline-row" data-id={pipeline.id}>
      <td>
        {live && <LiveRoom id={pipeline.id} />}
        <Link href={pipelineHref(pipeline.id)} className="link" data-testid="pipeline-link">
          {pipeline.name}
        </Link>
        {pipeline.name !== pipeline.id && <span className="mono muted"> · {pipeline.id}</span>}
      </td>
      <td>
        <StatusBadge status={pipeline.status} testId="pipeline-row-status" />
      </td>
      <td>
        <span className="op-chain mono">
          {pipeline.operators.map((op, i) => (
            <span key={op.index} className="op-chain op-chain-step">
              {i > 0 && <span className="muted">→</span>}
              <span className="chip">{operatorLabel(op)}</span>
            </span>
          ))}
        </span>
      </td>
      <td className="mono num" data-testid="pipeline-row-rate">
        {formatRate(pipeline.publishRate)}
      </td>
      <td className="mono num">{formatCount(pipeline.published)}</td>
      <td className="mono num">{formatCount(pipeline.sinkOutputs)}</td>
      <td className="mono num">{formatMs(pipeline.latencyP99Ms)}</td>
      <td className="mono muted nowrap">{sim ? `${formatRate(sim.ratePerSec)} × ${sim.sensors}` : '—'}</td>
    </tr>
  );
}
