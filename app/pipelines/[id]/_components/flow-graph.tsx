'use client';
// The pipeline as a live flow graph (React Flow): source → operators → sink. Node data is replaced
// on every push; edges animate while events flow and thicken with their rate. Laid out for the
// card's width (flow-layout.ts): one row when it fits, else wrapped rows, drawn near full size.
// @see https://reactflow.dev/learn/customization/custom-nodes
import {
  applyNodeChanges,
  type Edge,
  type NodeChange,
  ReactFlow,
  type ReactFlowInstance,
} from '@xyflow/react';
import { useEffect, useMemo, useRef, useState } from 'react';
import '@xyflow/react/dist/style.css';
import { formatRate } from '../../../_lib/format.ts';
import type { TPipelineSummary } from '../../../_lib/router-types.ts';
import { flowLayout, type TFlowLayout } from './flow-layout.ts';
import { NODE_TYPES, type TFlowNode } from './flow-nodes.tsx';

/** Before the card is measured (server render, first paint): as wide as a 1440 px screen's card. */
const ASSUMED_WIDTH = 1200;
const FIT = { padding: 0.03, maxZoom: 1 };

function buildNodes(pipeline: TPipelineSummary, layout: TFlowLayout): TFlowNode[] {
  const at = (i: number) => layout.positions[i] ?? { x: 0, y: 0 };
  const last = pipeline.operators.length + 1;
  return [
    { id: 'source', type: 'source', position: at(0), data: { pipeline } },
    ...pipeline.operators.map(
      (op): TFlowNode => ({
        id: `op-${op.index}`,
        type: 'operator',
        position: at(op.index + 1),
        data: { op, pipelineId: pipeline.id },
      }),
    ),
    { id: 'sink', type: 'sink', position: at(last), data: { pipeline } },
  ];
}

function buildEdges(pipeline: TPipelineSummary, columns: number): Edge[] {
  const ids = ['source', ...pipeline.operators.map((op) => `op-${op.index}`), 'sink'];
  const rates = [pipeline.publishRate, ...pipeline.operators.map((op) => op.rateOut)];
  return rates.map((rate, i) => {
    const live = rate > 0;
    return {
      id: `${ids[i]}->${ids[i + 1]}`,
      source: ids[i]!,
      target: ids[i + 1]!,
      // From the end of one row down to the start of the next, between the rows (flow-nodes.tsx).
      ...((i + 1) % columns === 0
        ? { type: 'smoothstep', sourceHandle: 'down', targetHandle: 'in-top' }
        : {}),
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
  const card = useRef<HTMLElement>(null);
  const flow = useRef<ReactFlowInstance<TFlowNode> | null>(null);
  const [width, setWidth] = useState(ASSUMED_WIDTH);
  const count = pipeline.operators.length + 2;
  const layout = useMemo(() => flowLayout(count, width), [count, width]);
  const [nodes, setNodes] = useState<TFlowNode[]>(() => buildNodes(pipeline, layout));

  useEffect(() => {
    const element = card.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setWidth(element.clientWidth));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  // New data, same layout: keep what React Flow measured on the previous nodes.
  useEffect(() => {
    setNodes((previous) => {
      const fresh = buildNodes(pipeline, layout);
      return fresh.map((node) => {
        const old = previous.find((p) => p.id === node.id);
        return old ? ({ ...old, data: node.data, position: node.position } as TFlowNode) : node;
      });
    });
  }, [pipeline, layout]);

  // A new arrangement (rows, columns) or card width: fit it again.
  const arrangement = `${layout.columns}x${layout.rows}`;
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-run on those changes; the effect reads the instance only.
  useEffect(() => {
    const frame = requestAnimationFrame(() => void flow.current?.fitView(FIT));
    return () => cancelAnimationFrame(frame);
  }, [arrangement, width]);

  return (
    <section
      ref={card}
      className="card card-flush flow-card"
      style={{ height: Math.max(190, layout.height) }}
      aria-label="Flow graph"
      data-testid="flow-graph"
      data-rows={layout.rows}
    >
      <ReactFlow<TFlowNode>
        nodes={nodes}
        edges={buildEdges(pipeline, layout.columns)}
        nodeTypes={NODE_TYPES}
        onNodesChange={(changes: NodeChange<TFlowNode>[]) => setNodes((n) => applyNodeChanges(changes, n))}
        onInit={(instance) => {
          flow.current = instance;
        }}
        colorMode="dark"
        fitView
        fitViewOptions={FIT}
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
