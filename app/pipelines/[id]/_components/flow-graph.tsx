'use client';
// The pipeline as a live flow graph (React Flow): source → operators → sink. Node data is replaced
// on every push; edges animate while events flow and thicken with their rate.
// @see https://reactflow.dev/learn/customization/custom-nodes
import { applyNodeChanges, type Edge, type NodeChange, ReactFlow } from '@xyflow/react';
import { useEffect, useState } from 'react';
import '@xyflow/react/dist/style.css';
import { formatRate } from '../../../_lib/format.ts';
import type { TPipelineSummary } from '../../../_lib/router-types.ts';
import { NODE_TYPES, type TFlowNode } from './flow-nodes.tsx';

const NODE_W = 168;
const GAP = 44;

function buildNodes(pipeline: TPipelineSummary): TFlowNode[] {
  const x = (column: number) => column * (NODE_W + GAP);
  return [
    { id: 'source', type: 'source', position: { x: 0, y: 0 }, data: { pipeline } },
    ...pipeline.operators.map(
      (op): TFlowNode => ({
        id: `op-${op.index}`,
        type: 'operator',
        position: { x: x(op.index + 1), y: 0 },
        data: { op },
      }),
    ),
    { id: 'sink', type: 'sink', position: { x: x(pipeline.operators.length + 1), y: 0 }, data: { pipeline } },
  ];
}

function buildEdges(pipeline: TPipelineSummary): Edge[] {
  const ids = ['source', ...pipeline.operators.map((op) => `op-${op.index}`), 'sink'];
  const rates = [pipeline.publishRate, ...pipeline.operators.map((op) => op.rateOut)];
  return rates.map((rate, i) => {
    const live = rate > 0;
    return {
      id: `${ids[i]}->${ids[i + 1]}`,
      source: ids[i]!,
      target: ids[i + 1]!,
      animated: live,
      label: formatRate(rate),
      className: live ? 'flow-edge-live' : 'flow-edge-idle',
      labelBgPadding: [4, 2] as [number, number],
      labelBgBorderRadius: 3,
      style: {
        stroke: live ? '#6d8cff' : '#2f384c',
        // log scale: 1/s and 100k/s both stay readable
        strokeWidth: live ? 1.5 + Math.min(5, Math.log10(rate + 1) * 1.1) : 1,
      },
    };
  });
}

export function FlowGraph({ pipeline }: { pipeline: TPipelineSummary }) {
  const [nodes, setNodes] = useState<TFlowNode[]>(() => buildNodes(pipeline));

  // New data, same layout: keep what React Flow measured on the previous nodes.
  useEffect(() => {
    setNodes((previous) => {
      const fresh = buildNodes(pipeline);
      return fresh.map((node) => {
        const old = previous.find((p) => p.id === node.id);
        return old ? ({ ...old, data: node.data, position: node.position } as TFlowNode) : node;
      });
    });
  }, [pipeline]);

  return (
    <section className="card card-flush flow-card" aria-label="Flow graph" data-testid="flow-graph">
      <ReactFlow<TFlowNode>
        nodes={nodes}
        edges={buildEdges(pipeline)}
        nodeTypes={NODE_TYPES}
        onNodesChange={(changes: NodeChange<TFlowNode>[]) => setNodes((n) => applyNodeChanges(changes, n))}
        colorMode="dark"
        fitView
        fitViewOptions={{ padding: 0.03, maxZoom: 1 }}
        minZoom={0.3}
        maxZoom={1.5}
        nodesDraggable={false}
        nodesConnectable={false}
        elementsSelectable={false}
        zoomOnScroll={false}
        preventScrolling={false}
        proOptions={{ hideAttribution: true }}
      />
    </section>
  );
}
