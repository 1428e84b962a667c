'use client';
// One page of actors; a row opens the actor's detail view.
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { DataTable, numeric } from '../../_components/data-table.tsx';
import { StatusBadge } from '../../_components/status-badge.tsx';
import { formatAgo } from '../../_lib/format.ts';
import type { TActorListPage } from '../../_lib/router-types.ts';
import { actorHref } from '../../_lib/routes.ts';
import { useNow } from '../../_lib/use-now.ts';

export function ActorsTable({ items }: { items: TActorListPage['items'] }) {
  const router = useRouter();
  const now = useNow(5000);
  return (
    <DataTable
      columns={['type', 'key', 'status', numeric('version'), 'labels', numeric('activations'), 'last active']}
      className="table-hover"
      testId="actors-table"
      scroll
    >
      {items.map((actor) => {
        const href = actorHref(actor.type, actor.key);
        return (
          <tr
            key={`${actor.type}/${actor.key}`}
            data-testid="actor-row"
            data-key={actor.key}
            onClick={(e) => {
              if ((e.target as HTMLElement).closest('a')) return;
              router.push(href);
            }}
          >
            <td className="mono muted">{actor.type}</td>
            <td className="mono">
              <Link href={href} className="link" data-testid="actor-link">
                {actor.key}
              </Link>
            </td>
            <td>
              <StatusBadge status={actor.status} testId="actor-row-status" />
            </td>
            <td className="mono num">{actor.version}</td>
            <td>
              <Labels labels={actor.labels} />
            </td>
            <td className="mono num">{actor.activations}</td>
            <td
              className="mono muted"
              title={actor.lastActiveAt ? new Date(actor.lastActiveAt).toISOString() : undefined}
            >
              {formatAgo(actor.lastActiveAt, now)}
            </td>
          </tr>
        );
      })}
    </DataTable>
  );
}

export function Labels({ labels }: { labels: Record<string, string> }) {
  const entries = Object.entries(labels);
  if (entries.length === 0) return <span className="muted">—</span>;
  return (
    <span className="chips">
      {entries.map(([name, value]) => (
        <span key={name} className="chip mono">
          {name}={value}
        </span>
      ))}
    </span>
  );
}
