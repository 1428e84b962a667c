'use client';
// Header pill: is the dashboard's socket to the Troupe process up right now, and if not, why.
import { formatClock } from '../_lib/format.ts';
import { useSocket } from '../_lib/socket.tsx';

export function ConnectionIndicator() {
  const { connected, connectError, disconnectedAt } = useSocket();
  const state = connected ? 'live' : 'offline';
  const why = connected
    ? 'Receiving live events'
    : connectError?.startsWith('UNAUTHORIZED')
      ? 'Offline: the server requires its access token'
      : disconnectedAt
        ? `Offline since ${formatClock(disconnectedAt)}: connection lost, reconnecting`
        : connectError
          ? `Offline: cannot reach the server (${connectError})`
          : 'Connecting to the server';
  return (
    <output className="status-pill" data-state={state} title={why} aria-label={`Connection: ${why}`}>
      <span className="status-dot" aria-hidden="true" />
      <span data-testid="socket-status">{state}</span>
    </output>
  );
}
