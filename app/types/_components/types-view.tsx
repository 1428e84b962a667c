'use client';
// The Types page's data: `types.list`, read on open and again whenever the server announces a
// type change over the socket (use-types-live.ts).
import { useQuery } from '@tanstack/react-query';
import { ListStates } from '../../_components/list-states.tsx';
import { useTRPC } from '../../_lib/trpc.ts';
import { TypesTable } from './types-table.tsx';
import { useTypesLive } from './use-types-live.ts';

export function TypesView() {
  const trpc = useTRPC();
  const list = useQuery(trpc.types.list.queryOptions());
  useTypesLive();
  return (
    <section className="card card-flush" aria-label="Actor types" aria-busy={list.isFetching}>
      <ListStates
        query={list}
        noun="types"
        isEmpty={(types) => types.length === 0}
        empty="No actor types are registered. Add a module to actors/, or deploy one with npx troupe deploy."
      >
        {(types) => <TypesTable types={types} />}
      </ListStates>
    </section>
  );
}
