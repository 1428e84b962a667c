'use client';
// The actor table: filters (type, status, label, key prefix), order and page, all in the URL (a
// reload, a link or back/forward shows the same list), the total count, numbered pages, and
// statuses kept live by folding the lifecycle firehose into the cached pages.
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Route } from 'next';
import { useRouter, useSearchParams } from 'next/navigation';
import { useEffect, useState } from 'react';
import { type ACTOR_STATUSES, labelNameProblem, type TActorSort } from '@/server/api/schemas.ts';
import { ListStates } from '../../_components/list-states.tsx';
import { ListToolbar } from '../../_components/list-toolbar.tsx';
import { applyTransitions } from '../../_lib/actor-cache.ts';
import {
  defaultOrder,
  listQueryString,
  readListQuery,
  type TActorListQuery,
} from '../../_lib/actor-list-url.ts';
import { formatCount } from '../../_lib/format.ts';
import type { TActorListPage } from '../../_lib/router-types.ts';
import { useSocketEvent, useSubscription } from '../../_lib/socket.tsx';
import { useTRPC } from '../../_lib/trpc.ts';
import { ActorFilters, type TFilters } from './actor-filters.tsx';
import { ActorsTable } from './actors-table.tsx';
import { SpawnActorForm } from './spawn-actor-form.tsx';
import './actors.css';

const PAGE_SIZE = 25;
const LABEL_FILTER = /^[^=]+=.*$/;

export function ActorsView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const query = readListQuery(useSearchParams());
  const go = (next: Partial<TActorListQuery>) =>
    router.push(`/actors${listQueryString({ ...query, page: 1, ...next })}` as Route, { scroll: false });

  // Typed text applies once typing pauses; it follows the URL when that changes (back, forward).
  const [draft, setDraft] = useState({ label: query.label, key: query.key });
  const [seen, setSeen] = useState({ label: query.label, key: query.key });
  if (seen.label !== query.label || seen.key !== query.key) {
    setSeen({ label: query.label, key: query.key });
    setDraft({ label: query.label, key: query.key });
  }
  const labelError = !draft.label
    ? null
    : !LABEL_FILTER.test(draft.label)
      ? 'Use name=value'
      : labelNameProblem(draft.label.slice(0, draft.label.indexOf('=')));
  const pending = draft.label !== query.label || draft.key !== query.key;
  // biome-ignore lint/correctness/useExhaustiveDependencies: `go` is rebuilt each render; the draft decides.
  useEffect(() => {
    if (labelError || !pending) return;
    const timer = setTimeout(() => go({ label: draft.label, key: draft.key }), 250);
    return () => clearTimeout(timer);
  }, [draft.label, draft.key, labelError, pending]);

  const input = {
    type: query.type || undefined,
    status: (query.status || undefined) as (typeof ACTOR_STATUSES)[number] | undefined,
    label: query.label && !labelProblem(query.label) ? query.label : undefined,
    keyPrefix: query.key || undefined,
    sort: query.sort,
    order: query.order,
    offset: (query.page - 1) * PAGE_SIZE,
    limit: PAGE_SIZE,
  };
  const list = useQuery(trpc.actors.list.queryOptions(input, { placeholderData: keepPreviousData }));
  const types = useQuery(trpc.actors.types.queryOptions());
  const internalTypes = new Set(types.data?.filter((t) => t.internal).map((t) => t.type));

  useSubscription({ topic: 'lifecycle' });
  useSocketEvent('lifecycle:batch', (batch) => {
    if (batch.events.length === 0) return;
    queryClient.setQueriesData<TActorListPage>({ queryKey: trpc.actors.list.pathKey() }, (page) =>
      page ? applyTransitions(page, batch.events) : page,
    );
  });

  const total = list.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const filters: TFilters = {
    type: query.type,
    status: query.status,
    label: draft.label,
    keyPrefix: draft.key,
  };
  const filtered = Boolean(query.type || query.status || query.label || query.key);
  const sortBy = (sort: TActorSort) =>
    go({ sort, order: sort === query.sort ? (query.order === 'asc' ? 'desc' : 'asc') : defaultOrder(sort) });

  return (
    <>
      <ListToolbar
        formLabel="Spawn actor"
        toggleTestId="spawn-toggle"
        form={
          <SpawnActorForm
            types={(types.data ?? []).filter((t) => !t.internal)} // the runtime spawns its own
            onSpawned={() => void queryClient.invalidateQueries(trpc.actors.list.queryFilter())}
          />
        }
      >
        <ActorFilters
          draft={filters}
          types={types.data?.map((t) => t.type) ?? []}
          labelError={labelError}
          filtered={filtered || pending}
          onSelect={(patch) => go(patch)}
          onText={(patch) =>
            setDraft((d) => ({ label: patch.label ?? d.label, key: patch.keyPrefix ?? d.key }))
          }
          onClear={() => {
            setDraft({ label: '', key: '' });
            go({ type: '', status: '', label: '', key: '' });
          }}
        />
        <span className="muted mono" data-testid="actors-total" data-total={list.data?.total}>
          {list.data ? `${formatCount(total)} actor${total === 1 ? '' : 's'}` : ''}
        </span>
      </ListToolbar>

      <section className="card card-flush" aria-label="Actors" aria-busy={list.isFetching}>
        <ListStates
          query={list}
          noun="actors"
          isEmpty={(data) => data.items.length === 0}
          empty={
            total > 0
              ? `Page ${query.page} is past the last page (${pages}).`
              : filtered
                ? 'No actor matches these filters.'
                : 'No actors yet. Spawn one, or invoke any key: it activates on its first message.'
          }
        >
          {(data) => (
            <ActorsTable
              items={data.items}
              sort={query.sort}
              order={query.order}
              onSort={sortBy}
              internalTypes={internalTypes}
            />
          )}
        </ListStates>
        <footer className="pager">
          <span className="muted" data-testid="actors-page">
            Page {query.page} of {pages}
            {list.data && list.data.items.length > 0
              ? ` · ${formatCount(input.offset + 1)}–${formatCount(input.offset + list.data.items.length)} of ${formatCount(total)}`
              : ''}
            {list.isFetching && !list.isPending ? ' · updating…' : ''}
          </span>
          <div className="toolbar">
            <button
              type="button"
              className="button-ghost"
              disabled={query.page === 1}
              onClick={() => go({ page: Math.min(query.page - 1, pages) })}
              data-testid="actors-prev"
            >
              ← Previous
            </button>
            <button
              type="button"
              className="button-ghost"
              disabled={query.page >= pages || list.isPlaceholderData}
              onClick={() => go({ page: query.page + 1 })}
              data-testid="actors-next"
            >
              Next →
            </button>
          </div>
        </footer>
      </section>
    </>
  );
}

/** A label filter from the URL that the control plane would refuse (it is then not applied). */
function labelProblem(label: string): string | null {
  if (!LABEL_FILTER.test(label)) return 'Use name=value';
  return labelNameProblem(label.slice(0, label.indexOf('=')));
}
