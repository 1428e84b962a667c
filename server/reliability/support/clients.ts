// Control-plane clients for the reliability suites, and how a failed call is classified. One HTTP
// request per call (httpLink): a call is acknowledged exactly when its own response arrived.
import { createTRPCClient, httpBatchLink, httpLink, TRPCClientError } from '@trpc/client';
import superjson from 'superjson';
import type { AppRouter } from '../../api/root.ts';

export function troupeClient(url: string, options: { batch?: boolean; maxItems?: number } = {}) {
  const endpoint = `${url}/api/trpc`;
  const link = options.batch
    ? httpBatchLink({
        url: endpoint,
        transformer: superjson,
        maxItems: options.maxItems ?? 1000,
        maxURLLength: 8000,
      })
    : httpLink({ url: endpoint, transformer: superjson });
  return createTRPCClient<AppRouter>({ links: [link] });
}

export type TroupeRpc = ReturnType<typeof troupeClient>;

/** The tRPC error code of a failed call (e.g. TOO_MANY_REQUESTS), if the server answered one. */
export function codeOf(error: unknown): string | undefined {
  return error instanceof TRPCClientError ? (error.data?.code as string | undefined) : undefined;
}

export type FailureKind =
  /** The server answered with a typed tRPC error (code + message). */
  | 'typed'
  /** The connection was refused: nothing was sent (the server was not listening). */
  | 'refused'
  /** The connection broke after the request was (maybe) sent: no answer. */
  | 'reset'
  /** Our own deadline passed without an answer. */
  | 'hang'
  | 'other';

export interface Failure {
  kind: FailureKind;
  code?: string;
  message: string;
}

/** Why a call failed, from the caller's side. */
export function classify(error: unknown): Failure {
  const code = codeOf(error);
  const message = error instanceof Error ? error.message : String(error);
  if (code) return { kind: 'typed', code, message };
  if (error instanceof Error && error.name === 'AbortError') return { kind: 'hang', message };
  const text = causeChain(error);
  if (/ECONNREFUSED/.test(text)) return { kind: 'refused', message: text };
  if (/ECONNRESET|socket hang up|other side closed|UND_ERR_SOCKET|EPIPE|terminated/i.test(text))
    return { kind: 'reset', message: text };
  if (/aborted|AbortError|timeout/i.test(text)) return { kind: 'hang', message: text };
  return { kind: 'other', message: text };
}

function causeChain(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current && depth < 6; depth++) {
    if (current instanceof Error) {
      const code = (current as { code?: unknown }).code;
      parts.push(`${current.name}: ${current.message}${typeof code === 'string' ? ` (${code})` : ''}`);
      current = current.cause;
    } else {
      parts.push(String(current));
      break;
    }
  }
  return parts.join(' <- ');
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs `tasks` with at most `limit` in flight. */
export async function inParallel<T>(items: T[], limit: number, task: (item: T) => Promise<void>) {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await task(items[next++]!);
  });
  await Promise.all(lanes);
}
