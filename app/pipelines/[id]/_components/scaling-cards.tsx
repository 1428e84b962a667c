'use client';
// Partitions and history: each operator's partition count as it is now (the room pushes the summary
// within 200 ms of a rescale, the autoscaler's included), its autoscale bounds and what scales it
// up; and the pipeline's history, newest first (created, started, stopped, scaled and why).
import { useState } from 'react';
import { Card } from '../../../_components/card.tsx';
import { DataTable, numeric } from '../../../_components/data-table.tsx';
import { formatClock } from '../../../_lib/format.ts';
import type { TPipelineSummary } from '../../../_lib/router-types.ts';
import { describeHistoryEntry, describeTargets } from './history-text.ts';

/** History entries shown before "Show all". */
const SHOWN = 8;

export function ScalingCards({ pipeline }: { pipeline: TPipelineSummary }) {
  return (
    <div className="scaling-grid">
      <PartitionsCard pipeline={pipeline} />
      <HistoryCard pipeline={pipeline} />
    </div>
  );
}

function PartitionsCard({ pipeline }: { pipeline: TPipelineSummary }) {
  const autoscaled = pipeline.operators.filter((op) => op.autoscale).length;
  return (
    <Card
      title="Partitions"
      className="card-flush"
      headerClassName="card-pad-x"
      headerExtra={
        <span className="muted">{autoscaled === 0 ? 'all fixed' : `${autoscaled} autoscaled`}</span>
      }
      testId="partitions-card"
    >
      <DataTable
        columns={['operator', numeric('partitions'), 'autoscale', 'scales up on']}
        testId="partitions-table"
      >
        {pipeline.operators.map((op) => (
          <tr key={op.index} data-testid="partitions-row" data-index={op.index}>
            <td className="mono">
              #{op.index} {op.kind}
            </td>
            <td className="mono num" data-testid={`partitions-${op.index}`}>
              {op.partitions}
            </td>
            <td className="mono" data-testid={`autoscale-${op.index}`}>
              {op.autoscale ? (
                `${op.autoscale.min}–${op.autoscale.max}`
              ) : (
                <span className="muted">fixed</span>
              )}
            </td>
            <td className="muted">{describeTargets(op.autoscale) ?? '—'}</td>
          </tr>
        ))}
      </DataTable>
    </Card>
  );
}

function HistoryCard({ pipeline }: { pipeline: TPipelineSummary }) {
  const [all, setAll] = useState(false);
  const newestFirst = [...pipeline.history].reverse();
  const shown = all ? newestFirst : newestFirst.slice(0, SHOWN);
  return (
    <Card
      title="History"
      headerExtra={<span className="muted">{pipeline.history.length} entries</span>}
      testId="history-card"
    >
      {shown.length === 0 ? (
        <p className="empty-inline">Nothing recorded yet.</p>
      ) : (
        <ol className="timeline history-timeline" data-testid="history-list">
          {shown.map((entry, i) => {
            const text = describeHistoryEntry(entry, pipeline.operators);
            return (
              <li
                // biome-ignore lint/suspicious/noArrayIndexKey: its position from the oldest is stable as newer entries arrive
                key={newestFirst.length - 1 - i}
                className="timeline-item"
                data-tone={text.tone}
                data-testid="history-entry"
                data-kind={entry.kind}
              >
                <span className="timeline-dot" aria-hidden="true" />
                <span className="timeline-event">{text.event}</span>
                {text.by && (
                  <span className="badge" data-tone={text.by === 'auto' ? 'ok' : undefined}>
                    {text.by}
                  </span>
                )}
                {text.detail && (
                  <span className="timeline-why" title={text.detail}>
                    {text.detail}
                  </span>
                )}
                <time className="mono muted" dateTime={new Date(entry.at).toISOString()}>
                  {formatClock(entry.at)}
                </time>
              </li>
            );
          })}
        </ol>
      )}
      {newestFirst.length > SHOWN && (
        <button
          type="button"
          className="button-ghost history-more"
          onClick={() => setAll(!all)}
          data-testid="history-toggle"
        >
          {all ? 'Show fewer' : `Show all ${newestFirst.length}`}
        </button>
      )}
    </Card>
  );
}
