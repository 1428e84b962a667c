'use client';
// The shared socket's state and the server's heartbeat (pushed every few seconds; never polled).
import { formatClock, formatUptime } from '../_lib/format.ts';
import { useSocket } from '../_lib/socket.tsx';
import { Card } from './card.tsx';

export function RealtimeCard() {
  const { connected, lastHeartbeat, lastHeartbeatAt, connectError } = useSocket();
  return (
    <Card title="Realtime">
      <dl className="kv">
        <dt>Socket</dt>
        <dd>
          <span className="badge" data-tone={connected ? 'ok' : 'error'} data-testid="realtime-socket">
            {connected ? 'live' : 'offline'}
          </span>
        </dd>
        <dt>Server uptime</dt>
        <dd className="mono" data-testid="heartbeat-uptime">
          {lastHeartbeat ? formatUptime(lastHeartbeat.uptimeS) : '—'}
        </dd>
        <dt>Last heartbeat</dt>
        <dd className="mono" data-testid="heartbeat-at">
          {lastHeartbeatAt ? formatClock(lastHeartbeatAt) : '—'}
        </dd>
        <dt>Transport</dt>
        <dd className="mono">socket.io · /socket.io</dd>
      </dl>
      <p
        className="card-note"
        data-tone={!connected && (lastHeartbeat || connectError) ? 'error' : undefined}
      >
        {connected
          ? 'Pushed by the server, never polled.'
          : connectError?.startsWith('UNAUTHORIZED')
            ? 'Live events need the access token: sign in above.'
            : lastHeartbeat
              ? 'Connection lost; reconnecting…'
              : connectError
                ? `Cannot connect: ${connectError}`
                : 'Connecting…'}
      </p>
    </Card>
  );
}
