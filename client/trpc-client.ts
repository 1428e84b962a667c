// The raw typed tRPC client of the control plane: superjson over HTTP, optional bearer token. One
// request per call (httpLink): a batching link holds each call back to gather others, which made a
// program's sequential calls slower than a plain fetch.
// @see https://trpc.io/docs/client/vanilla
import { createTRPCClient, httpLink } from '@trpc/client';
import superjson from 'superjson';
import type { AppRouter } from '../server/api/root.ts';

export interface TroupeClientOptions {
  /** Base URL of the Troupe server, e.g. http://127.0.0.1:3000 (no /api/trpc). */
  url: string;
  /** TROUPE_TOKEN of the server, sent as `Authorization: Bearer <token>`. */
  token?: string;
  /** Extra headers on every request (e.g. x-request-id for tracing). */
  headers?: Record<string, string>;
  /**
   * How `client.actor(...)` calls travel: 'http' (default; one request per call) or 'ws' (one
   * persistent WebSocket for every call, the fastest). Subscriptions always use the WebSocket.
   */
  transport?: 'http' | 'ws';
}

export function createTrpcClient({ url, token, headers }: TroupeClientOptions) {
  const endpoint = `${url.replace(/\/+$/, '')}/api/trpc`;
  const sent = { ...headers, ...(token ? { authorization: `Bearer ${token}` } : {}) };
  return createTRPCClient<AppRouter>({
    links: [httpLink({ url: endpoint, transformer: superjson, headers: () => sent })],
  });
}

export type TrpcClient = ReturnType<typeof createTrpcClient>;
