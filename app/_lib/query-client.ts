// One QueryClient per browser tab, a fresh one per server render (never shared between requests).
// @see https://tanstack.com/query/v5/docs/framework/react/guides/advanced-ssr
import { isServer, QueryClient } from '@tanstack/react-query';
import { TRPCClientError } from '@trpc/client';

/** Retry once on network or server failures; a 4xx answer (NOT_FOUND, BAD_REQUEST) will not change. */
function shouldRetry(failureCount: number, error: unknown): boolean {
  const status =
    error instanceof TRPCClientError
      ? (error.data as { httpStatus?: number } | undefined)?.httpStatus
      : undefined;
  if (status !== undefined && status >= 400 && status < 500) return false;
  return failureCount < 1;
}

function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Live data arrives over the socket; queries only need to be fresh on focus and remount.
        staleTime: 5_000,
        retry: shouldRetry,
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
