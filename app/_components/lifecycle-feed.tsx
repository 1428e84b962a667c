'use client';
// The lifecycle firehose: every activation, deactivation and failure, newest first, capped.
// Pausing freezes the list for reading while events keep arriving (counted, shown on resume).
import Link from 'next/link';
import { useState } from 'react';
import type { LifecycleEvent } from '@/server/runtime/events.ts';
import { actorHref } from '../_lib/routes.ts';
import { useSocketEvent, useSubscription } from '../_lib/socket.tsx';
import { useLiveStore } from '../_lib/use-live-store.ts';
import { Card } from './card.tsx';
import { DataTable } from './data-table.tsx';

const MAX_ROWS = 200;
const FEED_KEY = ['live', 'lifecycle-feed'] as const;

export interface TFeedEntry extends LifecycleEvent {
  seq: number;
}

interface TFeed {
  entries: TFeedEntry[];
  /** Events received since the page opened (including ones past the cap). */
  total: number;
  /** Events the server dropped over its per-flush cap. */
  dropped: number;
}

const EMPTY_FEED: TFeed = { entries: [], total: 0, dropped: 0 };

const TONE: Record<string, string> = {
  activating: 'warn',
  activated: 'ok',
  deactivating: 'warn',
  deactivated: 'neutral',
  failed: 'error',
};

export function LifecycleFeed() {
  useSubscription({ topic: 'lifecycle' });
  const [feed, updateFeed] = useLiveStore(FEED_KEY, EMPTY_FEED);
  const [frozen, setFrozen] = useState<TFeed | null>(null);

  useSocketEvent('lifecycle:batch', (batch) => {
    updateFeed((old) => {
      const fresh = batch.events.map((event, i) => ({ ...event, seq: old.total + i + 1 })).reverse();
      return {
        entries: [...fresh, ...old.entries].slice(0, MAX_ROWS),
        total: old.total + batch.events.length,
        dropped: old.dropped + batch.dropped,
      };
    });
  });

  const shown = frozen ?? feed;
  const waiting = frozen ? feed.total - frozen.total : 0;

  return (
    <Card
      title="Lifecycle feed"
      className="feed-card"
      testId="lifecycle-feed"
      headerExtra={
        <div className="toolbar">
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
            disabled={shown.entries.length === 0}
          >
            Clear
          </button>
        </div>
      }
    >
      {shown.entries.length === 0 ? (
        <p className="empty-inline" data-testid="lifecycle-feed-empty">
          No lifecycle events yet. Invoke, spawn or deactivate an actor to see its transitions here.
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
        {feed.total} events since this page opened · newest first · last {MAX_ROWS} kept
      </p>
    </Card>
  );
}

function FeedRow({ entry }: { entry: TFeedEntry }) {
  const href = actorHref(entry.type, entry.key);
  return (
    <tr data-testid="lifecycle-row" data-key={entry.key} data-transition={entry.transition}>
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
