'use client';
// State built from socket pushes (a feed, a metrics history), kept in the React Query cache rather
// than in a component, so leaving a page and coming back keeps what arrived meanwhile.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useRef } from 'react';

/** The stored value (`empty` until the first update) and an updater, as for setState (stable too). */
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
  const target = useRef({ key, empty });
  target.current = { key, empty };
  const update = useCallback(
    (change: (old: T) => T) => {
      const { key: current, empty: initial } = target.current;
      queryClient.setQueryData<T>(current, (old = initial) => change(old));
    },
    [queryClient],
  );
  return [data, update] as const;
}
