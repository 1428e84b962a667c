'use client';
// State built from socket pushes (a feed, a metrics history), kept in the React Query cache rather
// than in a component, so leaving a page and coming back keeps what arrived meanwhile.
import { useQuery, useQueryClient } from '@tanstack/react-query';

/** The stored value (`empty` until the first update) and an updater, as for setState. */
export function useLiveStore<T extends object>(key: readonly unknown[], empty: T) {
  const queryClient = useQueryClient();
  const { data } = useQuery({
    queryKey: key,
    queryFn: () => empty,
    initialData: empty,
    // Never refetched or collected: only pushes change it.
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: Number.POSITIVE_INFINITY,
  });
  const update = (change: (old: T) => T) => queryClient.setQueryData<T>(key, (old = empty) => change(old));
  return [data, update] as const;
}
