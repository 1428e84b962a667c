'use client';
// The lifecycle firehose: every activation, deactivation and failure, newest first, capped. It opens
// with the server's newest transitions (system.recentLifecycle: memory, then the stored log; read
// again after a reconnect) and continues with the pushes; numbers keep the two from doubling up.
// Pausing freezes the list for reading while events keep arriving (counted, shown on resume).
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useEffect, useState } from 'react';
import type { TSequencedLifecycleEvent } from '@/server/realtime/events.ts';
import { EMPTY_FEED, FEED_ROWS, mergeFeed, type TFeed } from '../_lib/overview-history.ts';
import { actorHref } from '../_lib/routes.ts';
import { useSocket, useSocketEvent, useSubscription } from '../_lib/socket.tsx';
import { useTRPC } from '../_lib/trpc.ts';
import { useLiveStore } from '../_lib/use-live-store.ts';
import { Card } from './card.tsx';
import { DataTable } from './data-table.tsx';
import { StaleBadge, useLiveState } from './stale-badge.tsx';

const FEED_KEY = ['live', 'lifecycle-feed'] as const;

const TONE: Record<string, string> = {
  activating: 'warn',
  activated: 'ok',
  deactivating: 'warn',
  deactivated: 'neutral',
  failed: 'error',
};

export function LifecycleFeed() {
  const trpc = useTRPC();
  const { connects } = useSocket();
  const { stale } = useLiveState();
  useSubscription({ topic: 'lifecycle' });
  const [feed, updateFeed] = useLiveStore(FEED_KEY, EMPTY_FEED);
  const [frozen, setFrozen] = useState<TFeed | null>(null);
  const recent = useQuery({ ...trpc.system.recentLifecycle.queryOptions(), refetchOnWindowFocus: false });
  const { data, refetch } = recent;

  useEffect(() => {
    if (connects > 1) void refetch();
  }, [connects, refetch]);
  useEffect(() => {
    if (data) updateFeed((old) => mergeFeed(old, data.epoch, data.events));
  }, [data, updateFeed]);
  useSocketEvent('lifecycle:batch', (batch) =>
    updateFeed((old) => mergeFeed(old, batch.epoch, batch.events, batch.dropped)),
  );

  const shown = frozen ?? feed;
  const waiting = frozen ? countNewer(feed, frozen) : 0;

  return (
    <Card
      title="Lifecycle feed"
      className="feed-card"
      testId="lifecycle-feed"
      data-stale={stale || undefined}
      headerExtra={
        <div className="toolbar">
          <StaleBadge />
          {frozen && (
            <span className="badge" data-tone="warn" data-testid="lifecycle-feed-waiting">
              paused · {waiting} new
            </span>
          )}
          {feed.dropped > 0 && (
            <span className="badge" title="Events over the server's per-flush cap">
              {feed.dropped} dropped
            </span>
          )}
          <button
            type="button"
            className="button-ghost"
            onClick={() => setFrozen(frozen ? null : feed)}
            aria-pressed={frozen !== null}
            disabled={stale}
            data-testid="lifecycle-feed-toggle"
          >
            {frozen ? 'Resume' : 'Pause'}
          </button>
          <button
            type="button"
            className="button-ghost"
            onClick={() => {
              updateFeed((old) => ({ ...old, entries: [] }));
              setFrozen(null);
            }}
            disabled={stale || shown.entries.length === 0}
            data-testid="lifecycle-feed-clear"
          >
            Clear
          </button>
        </div>
      }
    >
      {shown.entries.length === 0 ? (
        <p className="empty-inline" data-testid="lifecycle-feed-empty">
          {recent.isPending
            ? 'Loading recent transitions…'
            : 'No lifecycle events yet. Invoke, spawn or deactivate an actor to see its transitions here.'}
        </p>
      ) : (
        <DataTable
          columns={['time', 'transition', 'actor · reason']}
          className="feed-table"
          scroll="feed-scroll"
        >
          {shown.entries.map((entry) => (
            <FeedRow key={entry.seq} entry={entry} />
          ))}
        </DataTable>
      )}
      <p className="card-note">
        {shown.entries.length} shown · newest first · last {FEED_ROWS} kept, from the server&apos;s recent
        history and then live
      </p>
    </Card>
  );
}

/** Events that arrived after the list was frozen (same process: by number; else all of them). */
function countNewer(feed: TFeed, frozen: TFeed): number {
  if (feed.epoch !== frozen.epoch) return feed.entries.length;
  const newest = frozen.entries[0]?.seq ?? Number.NEGATIVE_INFINITY;
  return feed.entries.filter((e) => e.seq > newest).length;
}

function FeedRow({ entry }: { entry: TSequencedLifecycleEvent }) {
  const href = actorHref(entry.type, entry.key);
  return (
    <tr
      data-testid="lifecycle-row"
      data-key={entry.key}
      data-transition={entry.transition}
      data-stored={entry.seq < 0 || undefined}
    >
      <td className="mono muted">{formatTime(entry.at)}</td>
      <td>
        <span className="badge" data-tone={TONE[entry.transition] ?? 'neutral'}>
          {entry.transition}
        </span>
      </td>
      <td className="mono">
        <div className="feed-actor">
          <Link href={href} className="link" title={`${entry.type}/${entry.key}`}>
            {entry.type}/{entry.key}
          </Link>
          <span className="muted" data-testid="lifecycle-row-reason">
            {entry.reason ?? ''}
            {entry.error ? ` · ${entry.error}` : ''}
          </span>
        </div>
      </td>
    </tr>
  );
}

function formatTime(at: number): string {
  const d = new Date(at);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}
