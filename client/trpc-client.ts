// The raw typed tRPC client of the control plane: superjson, batched HTTP, optional bearer token.
// @see https://trpc.io/docs/client/vanilla
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import superjson from 'superjson';
import type { AppRouter } from '../server/api/root.ts';

export interface TroupeClientOptions {
  /** Base URL of the Troupe server, e.g. http://127.0.0.1:3000 (no /api/trpc). */
  url: string;
  /** TROUPE_TOKEN of the server, sent as `Authorization: Bearer <token>`. */
  token?: string;
  /** Extra headers on every request (e.g. x-request-id for tracing). */
  headers?: Record<string, string>;
}

export function createTrpcClient({ url, token, headers }: TroupeClientOptions) {
  const endpoint = `${url.replace(/\/+$/, '')}/api/trpc`;
  const sent = { ...headers, ...(token ? { authorization: `Bearer ${token}` } : {}) };
  return createTRPCClient<AppRouter>({
    // Small batches keep one request's hold on the server's event loop short (MAX_BATCH_CALLS).
    links: [httpBatchLink({ url: endpoint, transformer: superjson, headers: () => sent, maxItems: 100 })],
  });
}

export type TrpcClient = ReturnType<typeof createTrpcClient>;
