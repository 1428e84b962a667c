'use client';
// The flow graph's nodes: the source (publish or simulator), one node per operator (kind, settings,
// rates, dropped, queue, partitions and autoscale bounds, p99) and the sink (outputs, end-to-end
// latency). Operators and the sink are actors: an operator's title opens the list of its partitions'
// actors, each partition pip opens that actor, the sink's title opens the sink actor.
import { Handle, type Node, type NodeProps, Position } from '@xyflow/react';
import Link from 'next/link';
import { OPERATOR_TYPE, operatorKey, SINK_TYPE } from '@/server/pipelines/partition.ts';
import { actorListHref } from '../../../_lib/actor-list-url.ts';
import { formatCount, formatMs, formatRate } from '../../../_lib/format.ts';
import type { TOperatorSummary, TPipelineSummary } from '../../../_lib/router-types.ts';
import { actorHref } from '../../../_lib/routes.ts';
import { configSummary } from '../../_components/operator-label.ts';

export type TSourceNode = Node<{ pipeline: TPipelineSummary }, 'source'>;
export type TOperatorNode = Node<{ op: TOperatorSummary; pipelineId: string }, 'operator'>;
export type TSinkNode = Node<{ pipeline: TPipelineSummary }, 'sink'>;
export type TFlowNode = TSourceNode | TOperatorNode | TSinkNode;

/**
 * Where edges attach: left in and right out along a row; a graph wrapped into rows (flow-layout.ts)
 * leaves a row's last node from below and enters the next row's first from above.
 */
function InHandles() {
  return (
    <>
      <Handle type="target" position={Position.Left} isConnectable={false} />
      <Handle id="in-top" type="target" position={Position.Top} isConnectable={false} />
    </>
  );
}

function OutHandles() {
  return (
    <>
      <Handle type="source" position={Position.Right} isConnectable={false} />
      <Handle id="down" type="source" position={Position.Bottom} isConnectable={false} />
    </>
  );
}

/** Partition pips drawn before "+N". */
const MAX_PIPS = 16;

export function SourceNode({ data: { pipeline } }: NodeProps<TSourceNode>) {
  const sim = pipeline.simulation;
  return (
    <div className="flow-node flow-node-source" data-testid="flow-node-source">
      <div className="flow-node-head">
        <span className="flow-kind">source</span>
        <span className="flow-rate mono" data-testid="flow-source-rate">
          {formatRate(pipeline.publishRate)}
        </span>
      </div>
      <div className="flow-config mono">{sim ? `simulator × ${sim.sensors}` : 'publish'}</div>
      <dl className="flow-stats mono">
        <dt>published</dt>
        <dd>{formatCount(pipeline.published)}</dd>
        <dt>rejected</dt>
        <dd data-warn={pipeline.rejected > 0 || undefined}>{formatCount(pipeline.rejected)}</dd>
        {sim && (
          <>
            <dt>target</dt>
            <dd>{formatRate(sim.ratePerSec)}</dd>
          </>
        )}
      </dl>
      <OutHandles />
    </div>
  );
}

/** Links inside a node: React Flow must not treat a click on them as a pan or a drag. */
const IN_NODE = 'nodrag nopan';

export function OperatorNode({ data: { op, pipelineId } }: NodeProps<TOperatorNode>) {
  const pips = Math.min(op.partitions, MAX_PIPS);
  const partitionsHref = actorListHref({
    type: OPERATOR_TYPE,
    key: operatorKey(pipelineId, op.index, 0).slice(0, -1),
  });
  return (
    <div
      className="flow-node"
      data-kind={op.kind}
      data-testid={`flow-node-${op.index}`}
      data-partitions={op.partitions}
    >
      <InHandles />
      <div className="flow-node-head">
        <Link
          href={partitionsHref}
          className={`flow-kind flow-link ${IN_NODE}`}
          title={`The actors of this operator's ${op.partitions} partition${op.partitions === 1 ? '' : 's'}`}
          data-testid={`flow-node-${op.index}-actors`}
        >
          #{op.index} {op.kind}
        </Link>
        <span
          className="flow-partitions mono"
          title={`${op.partitions} partitions${op.autoscale ? ` (autoscaled within ${op.autoscale.min}–${op.autoscale.max})` : ''}, ${op.residentActivations} resident`}
          data-testid={`flow-node-${op.index}-partitions`}
        >
          ×{op.partitions}
        </span>
      </div>
      <div className="flow-config mono">{configSummary(op)}</div>
      <dl className="flow-stats mono">
        <dt>in</dt>
        <dd data-testid={`flow-node-${op.index}-in`}>{formatRate(op.rateIn)}</dd>
        <dt>out</dt>
        <dd data-testid={`flow-node-${op.index}-out`}>{formatRate(op.rateOut)}</dd>
        <dt>dropped</dt>
        <dd>{formatCount(op.dropped)}</dd>
        {op.late > 0 && (
          <>
            <dt title="records behind the watermark, in the side stream late">late</dt>
            <dd data-warn data-testid={`flow-node-${op.index}-late`}>
              {formatCount(op.late)}
            </dd>
          </>
        )}
        {op.errors > 0 && (
          <>
            <dt title="numbers that left the finite range, in the side stream errors">errors</dt>
            <dd data-warn data-testid={`flow-node-${op.index}-errors`}>
              {formatCount(op.errors)}
            </dd>
          </>
        )}
        {op.autoscale && (
          <>
            <dt title="partitions the autoscaler may choose">autoscale</dt>
            <dd data-testid={`flow-node-${op.index}-autoscale`}>
              {op.autoscale.min}–{op.autoscale.max}
            </dd>
          </>
        )}
        <dt>queue</dt>
        <dd data-warn={op.queueDepth > 0 || undefined}>{op.queueDepth}</dd>
        <dt>p99</dt>
        <dd>{formatMs(op.processingP99Ms)}</dd>
      </dl>
      <div className="flow-pips">
        {Array.from({ length: pips }, (_, partition) => {
          const key = operatorKey(pipelineId, op.index, partition);
          return (
            <Link
              // biome-ignore lint/suspicious/noArrayIndexKey: the partition number is the pip's identity
              key={partition}
              href={actorHref(OPERATOR_TYPE, key)}
              className={`flow-pip ${IN_NODE}`}
              aria-label={`${OPERATOR_TYPE}/${key}`}
              title={`${OPERATOR_TYPE}/${key}`}
              data-testid={`flow-node-${op.index}-partition`}
            />
          );
        })}
        {op.partitions > MAX_PIPS && <span className="muted">+{op.partitions - MAX_PIPS}</span>}
      </div>
      <OutHandles />
    </div>
  );
}

export function SinkNode({ data: { pipeline } }: NodeProps<TSinkNode>) {
  const last = pipeline.operators.at(-1);
  return (
    <div className="flow-node flow-node-sink" data-testid="flow-node-sink">
      <InHandles />
      <div className="flow-node-head">
        <Link
          href={actorHref(SINK_TYPE, pipeline.id)}
          className={`flow-kind flow-link ${IN_NODE}`}
          title={`The sink actor ${SINK_TYPE}/${pipeline.id}`}
          data-testid="flow-node-sink-actor"
        >
          sink
        </Link>
        <span className="flow-rate mono">{formatRate(last?.rateOut ?? 0)}</span>
      </div>
      <div className="flow-config mono">results stream</div>
      <dl className="flow-stats mono">
        <dt>outputs</dt>
        <dd data-testid="flow-sink-outputs">{formatCount(pipeline.sinkOutputs)}</dd>
        <dt>e2e p50</dt>
        <dd>{formatMs(pipeline.latencyP50Ms)}</dd>
        <dt>e2e p99</dt>
        <dd>{formatMs(pipeline.latencyP99Ms)}</dd>
      </dl>
    </div>
  );
}

export const NODE_TYPES = { source: SourceNode, operator: OperatorNode, sink: SinkNode };
