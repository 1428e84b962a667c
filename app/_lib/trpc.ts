'use client';
// The dashboard's typed tRPC hooks. Only the router's *type* crosses from server code into the bundle.
// @see https://trpc.io/docs/client/tanstack-react-query/setup
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import { createTRPCContext } from '@trpc/tanstack-react-query';
import superjson from 'superjson';
import type { AppRouter } from '@/server/api/root.ts';

export const { TRPCProvider, useTRPC } = createTRPCContext<AppRouter>();

/** Same origin as the page: the custom server answers /api/trpc next to the dashboard. */
export function createBrowserTRPCClient() {
  return createTRPCClient<AppRouter>({
    // Small batches keep one request's hold on the server's event loop short (MAX_BATCH_CALLS).
    links: [httpBatchLink({ url: '/api/trpc', transformer: superjson, maxItems: 100 })],
  });
}
