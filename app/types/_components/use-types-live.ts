'use client';
// Keeps the Types pages current: the server pushes `types:changed` when a type is deployed, rolled
// back or reloaded (from the CLI, another browser or `npm run dev`), and every types query and the
// actor pages' type list are read again.
import { useQueryClient } from '@tanstack/react-query';
import { useSocketEvent, useSubscription } from '../../_lib/socket.tsx';
import { useTRPC } from '../../_lib/trpc.ts';

export function useTypesLive(): void {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  useSubscription({ topic: 'types' });
  useSocketEvent('types:changed', () => {
    void queryClient.invalidateQueries(trpc.types.pathFilter());
    void queryClient.invalidateQueries(trpc.actors.types.queryFilter());
  });
}
