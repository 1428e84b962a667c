// One QueryClient per browser tab, a fresh one per server render (never shared between requests).
// @see https://tanstack.com/query/v5/docs/framework/react/guides/advanced-ssr
import { isServer, QueryClient } from '@tanstack/react-query';

function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Live data arrives over the socket; queries only need to be fresh on focus and remount.
        staleTime: 5_000,
        retry: 1,
      },
    },
  });
}

let browserQueryClient: QueryClient | undefined;

export function getQueryClient() {
  if (isServer) return makeQueryClient();
  browserQueryClient ??= makeQueryClient();
  return browserQueryClient;
}
