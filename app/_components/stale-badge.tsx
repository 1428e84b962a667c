'use client';
// Every live panel says when its data stopped being live: the shared socket dropped (or never got
// through), so what it shows is as of that moment. Panels also disable their controls meanwhile.
import { formatClock } from '../_lib/format.ts';
import { useSocket } from '../_lib/socket.tsx';

/** Stale: the socket is down after having been live, or its connection was refused. */
export function useLiveState(): { stale: boolean; since: number | null } {
  const { connected, disconnectedAt, connectError } = useSocket();
  return { stale: !connected && (disconnectedAt !== null || connectError !== null), since: disconnectedAt };
}

export function StaleBadge() {
  const { stale, since } = useLiveState();
  if (!stale) return null;
  return (
    <span
      className="badge"
      data-tone="warn"
      data-testid="stale-badge"
      title="No live connection to the server: this panel shows the data it had, and its controls wait for the connection."
    >
      {since ? `stale · since ${formatClock(since)}` : 'not live'}
    </span>
  );
}
