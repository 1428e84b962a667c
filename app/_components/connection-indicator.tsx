'use client';
// Header pill: is the dashboard's socket to the Troupe process up right now?
import { useSocket } from '../_lib/socket.tsx';

export function ConnectionIndicator() {
  const { connected } = useSocket();
  const state = connected ? 'live' : 'offline';
  return (
    <output
      className="status-pill"
      data-state={state}
      title={connected ? 'Receiving live events' : 'No socket connection to the server'}
    >
      <span className="status-dot" aria-hidden="true" />
      <span data-testid="socket-status">{state}</span>
    </output>
  );
}
