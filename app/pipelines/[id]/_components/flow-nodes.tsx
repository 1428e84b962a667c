'use client';
// The flow graph's nodes: the source (publish or simulator), one node per operator (kind, settings,
// rates, dropped, queue, partitions, p99) and the sink (outputs, end-to-end latency).
import { Handle, type Node, type NodeProps, Position } from '@xyflow/react';
import { formatCount, formatMs, formatRate } from '../../../_lib/format.ts';
import type { TOperatorSummary, TPipelineSummary } from '../../../_lib/router-types.ts';
import { configSummary } from '../../_components/operator-label.ts';

export type TSourceNode = Node<{ pipeline: TPipelineSummary }, 'source'>;
export type TOperatorNode = Node<{ op: TOperatorSummary }, 'operator'>;
export type TSinkNode = Node<{ pipeline: TPipelineSummary }, 'sink'>;
export type TFlowNode = TSourceNode | TOperatorNode | TSinkNode;

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
      <Handle type="source" position={Position.Right} isConnectable={false} />
    </div>
  );
}

export function OperatorNode({ data: { op } }: NodeProps<TOperatorNode>) {
  const pips = Math.min(op.partitions, MAX_PIPS);
  return (
    <div
      className="flow-node"
      data-kind={op.kind}
      data-testid={`flow-node-${op.index}`}
      data-partitions={op.partitions}
    >
      <Handle type="target" position={Position.Left} isConnectable={false} />
      <div className="flow-node-head">
        <span className="flow-kind">
          #{op.index} {op.kind}
        </span>
        <span
          className="flow-partitions mono"
          title={`${op.partitions} partitions, ${op.residentActivations} resident`}
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
        <dt>queue</dt>
        <dd data-warn={op.queueDepth > 0 || undefined}>{op.queueDepth}</dd>
        <dt>p99</dt>
        <dd>{formatMs(op.processingP99Ms)}</dd>
      </dl>
      <div className="flow-pips" aria-hidden="true">
        {Array.from({ length: pips }, (_, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: pips are identical and only counted
          <span key={i} className="flow-pip" data-active={i < op.residentActivations || undefined} />
        ))}
        {op.partitions > MAX_PIPS && <span className="muted">+{op.partitions - MAX_PIPS}</span>}
      </div>
      <Handle type="source" position={Position.Right} isConnectable={false} />
    </div>
  );
}

export function SinkNode({ data: { pipeline } }: NodeProps<TSinkNode>) {
  const last = pipeline.operators.at(-1);
  return (
    <div className="flow-node flow-node-sink" data-testid="flow-node-sink">
      <Handle type="target" position={Position.Left} isConnectable={false} />
      <div className="flow-node-head">
        <span className="flow-kind">sink</span>
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
