'use client';
// One page of actors; a row opens the actor's detail view. The key, version, activations and last
// active headers sort the list (again: the other direction); the order lives in the URL.
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import type { TActorSort } from '@/server/api/schemas.ts';
import { StatusBadge } from '../../_components/status-badge.tsx';
import type { TSortOrder } from '../../_lib/actor-list-url.ts';
import { formatAgo, formatClock } from '../../_lib/format.ts';
import type { TActorListPage } from '../../_lib/router-types.ts';
import { actorHref } from '../../_lib/routes.ts';
import { useNow } from '../../_lib/use-now.ts';

interface TColumnSpec {
  label: string;
  sort?: TActorSort;
  numeric?: boolean;
}

const COLUMNS: TColumnSpec[] = [
  { label: 'type' },
  { label: 'key', sort: 'name' },
  { label: 'status' },
  { label: 'version', sort: 'version', numeric: true },
  { label: 'labels' },
  { label: 'activations', sort: 'activations', numeric: true },
  { label: 'last active', sort: 'lastActive' },
];

interface ActorsTableProps {
  items: TActorListPage['items'];
  sort: TActorSort;
  order: TSortOrder;
  onSort: (sort: TActorSort) => void;
  /** Types the runtime drives itself (pipeline operators and sinks): marked, inspect-only. */
  internalTypes: ReadonlySet<string>;
}

export function ActorsTable({ items, sort, order, onSort, internalTypes }: ActorsTableProps) {
  const router = useRouter();
  const now = useNow(5000);
  return (
    <div className="table-scroll">
      <table className="table table-hover" data-testid="actors-table">
        <thead>
          <tr>
            {COLUMNS.map((column) => {
              const active = column.sort !== undefined && column.sort === sort;
              return (
                <th
                  key={column.label}
                  className={column.numeric ? 'num' : undefined}
                  aria-sort={active ? (order === 'asc' ? 'ascending' : 'descending') : undefined}
                >
                  {column.sort ? (
                    <button
                      type="button"
                      className="sort-header"
                      onClick={() => onSort(column.sort!)}
                      data-testid={`sort-${column.sort}`}
                      data-active={active || undefined}
                    >
                      {column.label}
                      <span aria-hidden="true">{active ? (order === 'asc' ? ' ↑' : ' ↓') : ''}</span>
                    </button>
                  ) : (
                    column.label
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
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
                <td className="mono muted nowrap">
                  {actor.type}
                  {internalTypes.has(actor.type) && (
                    <span
                      className="badge actor-internal"
                      title="Driven by the runtime: inspect only"
                      data-testid="actor-row-internal"
                    >
                      internal
                    </span>
                  )}
                </td>
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
                  className="mono muted nowrap"
                  title={actor.lastActiveAt ? formatClock(actor.lastActiveAt) : undefined}
                  data-testid="actor-row-last-active"
                  data-at={actor.lastActiveAt ?? undefined}
                >
                  {formatAgo(actor.lastActiveAt, now)}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
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
