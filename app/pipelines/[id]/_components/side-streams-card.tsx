'use client';
// Late records and errors: a switch between the pipeline's two side streams with their counts (the
// operators' counters, as on the flow nodes), and the newest entries of the chosen one: operator,
// key, event time, the watermark it fell behind (late) or what went wrong (errors), and the record.
// Read with pipelines.results({ stream }) on mount and again whenever the live counters move.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { Card } from '../../../_components/card.tsx';
import { DataTable, numeric } from '../../../_components/data-table.tsx';
import { ErrorNote } from '../../../_components/error-note.tsx';
import { formatCount, formatJson, formatMs } from '../../../_lib/format.ts';
import type { TPipelineSummary } from '../../../_lib/router-types.ts';
import { useTRPC } from '../../../_lib/trpc.ts';
import {
  appendPage,
  countOf,
  describeSideEntry,
  firstSeq,
  formatEventTime,
  SIDE_STREAMS,
  type TSideStream,
  type TSideView,
} from './side-streams.ts';
import './side-streams.css';

/** Entries kept and listed, newest first. */
const KEEP = 20;
/** Entries per read (the control plane's limit); a read pages on until a page comes back short. */
const PAGE = 1000;
/** At most this many pages per read: the streams keep 10,000 entries. */
const MAX_PAGES = 10;

const EMPTY_VIEW: TSideView = { items: [], lastSeq: 0 };

const WHAT: Record<TSideStream, { label: string; empty: string }> = {
  late: {
    label: 'late',
    empty:
      'No late records. A record whose windows have all closed (behind its operator’s watermark, beyond the allowed lateness) is listed here.',
  },
  errors: {
    label: 'errors',
    empty: 'No errors. A record or window whose numbers leave the finite range is listed here.',
  },
};

export function SideStreamsCard({ pipeline }: { pipeline: TPipelineSummary }) {
  const [stream, setStream] = useState<TSideStream>('late');
  const counts = { late: countOf(pipeline.operators, 'late'), errors: countOf(pipeline.operators, 'errors') };
  const view = useSideStream(pipeline.id, stream, counts[stream]);
  const radioName = useId();
  const kindOf = (index: number | null) => (index === null ? '' : (pipeline.operators[index]?.kind ?? ''));

  return (
    <Card
      title="Late and errors"
      className="card-flush section-gap side-streams-card"
      headerClassName="card-pad-x"
      headerExtra={
        <fieldset className="segmented" aria-label="Side stream">
          {SIDE_STREAMS.map((name) => (
            <label key={name} data-checked={stream === name} data-testid={`side-stream-${name}`}>
              <input
                type="radio"
                name={radioName}
                value={name}
                checked={stream === name}
                onChange={() => setStream(name)}
              />
              {WHAT[name].label}{' '}
              <span className="side-stream-count" data-testid={`side-stream-${name}-count`}>
                {formatCount(counts[name])}
              </span>
            </label>
          ))}
        </fieldset>
      }
      testId="side-streams"
    >
      {view.error ? (
        <div className="card-pad">
          <ErrorNote error={view.error} testId="side-streams-error" title={`Could not read ${stream}`} />
        </div>
      ) : view.data === undefined ? (
        <p className="empty-inline" data-testid="side-streams-loading">
          Loading {stream}…
        </p>
      ) : view.data.items.length === 0 ? (
        <p className="empty-inline" data-testid="side-streams-empty">
          {WHAT[stream].empty}
        </p>
      ) : (
        <DataTable
          columns={[
            numeric('seq'),
            'operator',
            'key',
            'event time',
            stream === 'late' ? 'watermark' : 'reason',
            'record',
          ]}
          testId="side-streams-table"
        >
          {[...view.data.items].reverse().map(({ seq, output }) => {
            const row = describeSideEntry(output);
            const record = formatJson(row.record ?? output);
            return (
              <tr key={seq} data-testid="side-stream-row" data-stream={stream} data-seq={seq}>
                <td className="mono num">{seq}</td>
                <td className="mono nowrap">
                  {row.operator === null ? '—' : `#${row.operator} ${kindOf(row.operator)}`}
                </td>
                <td className="mono">{row.key}</td>
                <td className="mono nowrap" data-testid="side-stream-ts">
                  {row.ts === null ? '—' : formatEventTime(row.ts)}
                </td>
                {stream === 'late' ? (
                  <td className="mono nowrap" data-testid="side-stream-watermark">
                    {row.watermark === null ? '—' : formatEventTime(row.watermark)}
                    {row.behindMs !== null && (
                      <span className="muted"> · {formatMs(row.behindMs)} behind</span>
                    )}
                  </td>
                ) : (
                  <td data-testid="side-stream-reason">{row.reason ?? '—'}</td>
                )}
                <td className="mono">
                  <span className="side-stream-record" title={record} data-testid="side-stream-record">
                    {record}
                  </span>
                </td>
              </tr>
            );
          })}
        </DataTable>
      )}
    </Card>
  );
}

/**
 * The newest entries of one side stream, read on from the last one the page has whenever `counted`
 * (the live counters' total) changes. A first read starts near the end (firstSeq) and pages on.
 */
function useSideStream(id: string, stream: TSideStream, counted: number) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const queryKey = ['live', 'pipeline-side-stream', id, stream] as const;
  const query = useQuery({
    queryKey,
    // Counted but not read yet (a push can report a record before its entry is committed): look again.
    refetchInterval: (q) => (q.state.data && q.state.data.lastSeq < counted ? 1000 : false),
    queryFn: async (): Promise<TSideView> => {
      const had = queryClient.getQueryData<TSideView>(queryKey);
      let view = had ?? { ...EMPTY_VIEW, lastSeq: firstSeq(counted, KEEP) };
      for (let page = 0; page < MAX_PAGES; page++) {
        const { items } = await queryClient.fetchQuery(
          trpc.pipelines.results.queryOptions(
            { id, stream, afterSeq: view.lastSeq, limit: PAGE },
            { staleTime: 0, gcTime: 0 },
          ),
        );
        view = appendPage(view, items, KEEP);
        if (items.length < PAGE) break;
      }
      return view;
    },
  });
  const { refetch } = query;
  // The counters arrive with the room's pushes: a change means entries to read.
  const seen = useRef(counted);
  useEffect(() => {
    if (seen.current === counted) return;
    seen.current = counted;
    void refetch();
  }, [counted, refetch]);
  return query;
}
