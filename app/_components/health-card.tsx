'use client';
// Control-plane health from `system.health`: "ok" means the process answers and SQLite does too.
import { useQuery } from '@tanstack/react-query';
import { formatClock, formatUptime } from '../_lib/format.ts';
import { useTRPC } from '../_lib/trpc.ts';
import { Card } from './card.tsx';

export function HealthCard() {
  const trpc = useTRPC();
  const health = useQuery(trpc.system.health.queryOptions());
  const { data, error, isPending, isFetching } = health;

  const status = isPending ? 'checking' : error ? 'unreachable' : data?.ok ? 'ok' : 'degraded';
  const tone = isPending ? 'neutral' : status === 'ok' ? 'ok' : 'error';

  return (
    <Card
      title="Control plane"
      aria-busy={isFetching}
      headerExtra={
        <button
          type="button"
          className="button-ghost"
          onClick={() => void health.refetch()}
          disabled={isFetching}
        >
          {isFetching ? 'Checking…' : 'Refresh'}
        </button>
      }
    >
      <dl className="kv">
        <dt>Status</dt>
        <dd>
          <span className="badge" data-tone={tone} data-testid="health-status">
            {status}
          </span>
        </dd>
        <dt>Version</dt>
        <dd className="mono" data-testid="health-version">
          {data?.version ?? '—'}
        </dd>
        <dt>Uptime</dt>
        <dd className="mono" data-testid="health-uptime">
          {data ? formatUptime(data.uptimeS) : '—'}
        </dd>
        <dt>Database</dt>
        <dd className="mono">
          {data ? (
            <span className="badge" data-tone={data.db === 'ok' ? 'ok' : 'error'} data-testid="health-db">
              {data.db}
            </span>
          ) : (
            '—'
          )}
        </dd>
      </dl>
      {isPending && (
        <p className="card-note" data-testid="health-loading">
          Asking the server…
        </p>
      )}
      {error && (
        <p className="card-note" data-tone="error" role="alert" data-testid="health-error">
          Health check failed: {error.message}
        </p>
      )}
      {data?.dbError && (
        <p className="card-note" data-tone="error" role="alert">
          Database: {data.dbError}
        </p>
      )}
      {data && !error && <p className="card-note">Checked at {formatClock(health.dataUpdatedAt)}</p>}
    </Card>
  );
}
