'use client';
// Cluster mode's nodes on the Overview: every live node with its age, last heartbeat, actors in
// memory and owned, turn rate and memory. Pushed with the overview summary (the membership is read
// by the server once per heartbeat); turn rates come from two successive summaries.
import { useRef } from 'react';
import type { TClusterSummary } from '@/server/observability/overview-summary.ts';
import { formatAgo, formatCount, formatRate } from '../_lib/format.ts';
import { useNow } from '../_lib/use-now.ts';
import { Card } from './card.tsx';
import { DataTable, numeric } from './data-table.tsx';

const COLUMNS = [
  'Node',
  'Up since',
  'Heartbeat',
  numeric('In memory'),
  numeric('Owned'),
  numeric('Turns/s'),
  numeric('Memory'),
] as const;

interface Sample {
  at: number;
  turns: Map<string, number>;
}

export function ClusterNodesCard({ cluster, at }: { cluster: TClusterSummary; at: number }) {
  const now = useNow();
  const previous = useRef<Sample | null>(null);
  const current = useRef<Sample | null>(null);
  if (current.current?.at !== at) {
    previous.current = current.current;
    current.current = { at, turns: new Map(cluster.nodes.map((n) => [n.id, n.turnsTotal])) };
  }
  const rateOf = (id: string, turnsTotal: number) => {
    const before = previous.current;
    const then = before?.turns.get(id);
    if (!before || then === undefined || at <= before.at) return null;
    return Math.max(0, ((turnsTotal - then) * 1000) / (at - before.at));
  };
  return (
    <Card
      title={`Cluster: ${cluster.nodes.length} node${cluster.nodes.length === 1 ? '' : 's'}`}
      testId="cluster-nodes"
    >
      <DataTable columns={COLUMNS} scroll>
        {cluster.nodes.map((node) => (
          <tr key={node.id} data-testid="cluster-node" data-node={node.id}>
            <td className="mono">
              {node.id}
              {node.id === cluster.node && <span className="badge">this node</span>}
            </td>
            <td>{formatAgo(node.startedAt, now)}</td>
            <td>{formatAgo(node.heartbeatAt, now)}</td>
            <td className="num">{formatCount(node.residents)}</td>
            <td className="num">{formatCount(node.owned)}</td>
            <td className="num">{formatRate(rateOf(node.id, node.turnsTotal))}</td>
            <td className="num">{(node.rssBytes / 2 ** 20).toFixed(0)} MiB</td>
          </tr>
        ))}
      </DataTable>
    </Card>
  );
}
