'use client';
// The actor's `ctx.broadcast` events as they are pushed to its room (newest first, the last
// MAX_ROWS): what a chat room posts or a game announces, live. Nothing is stored: a reload starts empty.
import { Card } from '../../../../_components/card.tsx';
import { formatClock } from '../../../../_lib/format.ts';

const MAX_ROWS = 20;

interface TPushedBroadcast {
  event: string;
  payload: unknown;
  at: number;
}

export interface TBroadcastRow extends TPushedBroadcast {
  id: number;
}

let lastId = 0;

export function appendBroadcasts(old: TBroadcastRow[], pushed: TPushedBroadcast[]): TBroadcastRow[] {
  const rows = pushed.map((b) => ({ ...b, id: ++lastId })).reverse();
  return [...rows, ...old].slice(0, MAX_ROWS);
}

export function BroadcastsCard({ rows }: { rows: TBroadcastRow[] }) {
  return (
    <Card title="Broadcasts" testId="actor-broadcasts">
      {rows.length === 0 ? (
        <p className="empty-inline">No broadcasts since this page opened.</p>
      ) : (
        <ul className="broadcast-list">
          {rows.map((row) => (
            <li key={row.id} data-testid="broadcast-row">
              <span className="mono muted">{formatClock(row.at)}</span> <strong>{row.event}</strong>{' '}
              <code className="mono">{JSON.stringify(row.payload)}</code>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
