'use client';
// The actor table: filters (type, status, label, key prefix), cursor pages, and statuses kept live
// by folding the lifecycle firehose into the cached pages.
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { type ACTOR_STATUSES, labelNameProblem } from '@/server/api/schemas.ts';
import { ListStates } from '../../_components/list-states.tsx';
import { ListToolbar } from '../../_components/list-toolbar.tsx';
import { applyTransitions } from '../../_lib/actor-cache.ts';
import type { TActorListPage } from '../../_lib/router-types.ts';
import { useSocketEvent, useSubscription } from '../../_lib/socket.tsx';
import { useTRPC } from '../../_lib/trpc.ts';
import { ActorFilters, type TFilters } from './actor-filters.tsx';
import { ActorsTable } from './actors-table.tsx';
import { SpawnActorForm } from './spawn-actor-form.tsx';

const PAGE_SIZE = 25;
const LABEL_FILTER = /^[^=]+=.*$/;

const NO_FILTERS: TFilters = { type: '', status: '', label: '', keyPrefix: '' };

export function ActorsView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<TFilters>(NO_FILTERS);
  const [filters, setFilters] = useState<TFilters>(NO_FILTERS);
  // cursors[i] opens page i; going back pops. Any filter change starts over at page 0.
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);

  const labelError = !draft.label
    ? null
    : !LABEL_FILTER.test(draft.label)
      ? 'Use name=value'
      : labelNameProblem(draft.label.slice(0, draft.label.indexOf('=')));

  // Text filters apply once typing pauses; selects apply at once.
  useEffect(() => {
    if (labelError) return;
    if (filters.keyPrefix === draft.keyPrefix && filters.label === draft.label) return;
    const timer = setTimeout(() => {
      setFilters((f) => ({ ...f, keyPrefix: draft.keyPrefix, label: draft.label }));
      setCursors([undefined]);
    }, 250);
    return () => clearTimeout(timer);
  }, [draft.keyPrefix, draft.label, labelError, filters.keyPrefix, filters.label]);

  const applySelect = (patch: Partial<Pick<TFilters, 'type' | 'status'>>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setFilters((f) => ({ ...f, ...patch }));
    setCursors([undefined]);
  };

  const input = {
    type: filters.type || undefined,
    status: (filters.status || undefined) as (typeof ACTOR_STATUSES)[number] | undefined,
    label: filters.label || undefined,
    keyPrefix: filters.keyPrefix || undefined,
    cursor: cursors.at(-1),
    limit: PAGE_SIZE,
  };
  const list = useQuery(trpc.actors.list.queryOptions(input, { placeholderData: keepPreviousData }));
  const types = useQuery(trpc.actors.types.queryOptions());

  useSubscription({ topic: 'lifecycle' });
  useSocketEvent('lifecycle:batch', (batch) => {
    if (batch.events.length === 0) return;
    queryClient.setQueriesData<TActorListPage>({ queryKey: trpc.actors.list.pathKey() }, (page) =>
      page ? applyTransitions(page, batch.events) : page,
    );
  });

  const page = cursors.length;
  const filtered = Object.values(filters).some(Boolean);

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
          draft={draft}
          types={types.data?.map((t) => t.type) ?? []}
          labelError={labelError}
          filtered={filtered}
          onSelect={applySelect}
          onText={(patch) => setDraft((d) => ({ ...d, ...patch }))}
          onClear={() => {
            setDraft(NO_FILTERS);
            setFilters(NO_FILTERS);
            setCursors([undefined]);
          }}
        />
      </ListToolbar>

      <section className="card card-flush" aria-label="Actors" aria-busy={list.isFetching}>
        <ListStates
          query={list}
          noun="actors"
          isEmpty={(data) => data.items.length === 0}
          empty={
            filtered
              ? 'No actor matches these filters.'
              : 'No actors yet. Spawn one, or invoke any key: it activates on its first message.'
          }
        >
          {(data) => <ActorsTable items={data.items} />}
        </ListStates>
        <footer className="pager">
          <span className="muted" data-testid="actors-page">
            Page {page}
            {list.data ? ` · ${list.data.items.length} shown` : ''}
            {list.isFetching && !list.isPending ? ' · updating…' : ''}
          </span>
          <div className="toolbar">
            <button
              type="button"
              className="button-ghost"
              disabled={page === 1}
              onClick={() => setCursors((c) => c.slice(0, -1))}
              data-testid="actors-prev"
            >
              ← Previous
            </button>
            <button
              type="button"
              className="button-ghost"
              disabled={!list.data?.nextCursor || list.isPlaceholderData}
              onClick={() => {
                const next = list.data?.nextCursor;
                if (next) setCursors((c) => [...c, next]);
              }}
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
