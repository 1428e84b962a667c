// actors.invoke over HTTP without the tRPC client's machinery: one fetch with the same superjson
// envelope, answers and errors read back the same way (a failure is the same TRPCClientError, with
// `data.code`). The tRPC client's link chain cost a sequential caller about a third more than a
// plain fetch of the same call (bench/README.md); the actor handles' calls are that hot path.
import { TRPCClientError } from '@trpc/client';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import superjson from 'superjson';
import type { AppRouter } from '../server/api/root.ts';

type InvokeInput = inferRouterInputs<AppRouter>['actors']['invoke'];
type InvokeOutput = inferRouterOutputs<AppRouter>['actors']['invoke'];

export function createHttpInvoke(options: { url: string; token?: string; headers?: Record<string, string> }) {
  const endpoint = `${options.url.replace(/\/+$/, '')}/api/trpc/actors.invoke`;
  const headers = {
    ...options.headers,
    'content-type': 'application/json',
    ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
  };
  return async (input: InvokeInput): Promise<InvokeOutput> => {
    let response: Response;
    try {
      response = await fetch(endpoint, {
        method: 'POST',
        headers,
        body: JSON.stringify(superjson.serialize(input)),
      });
    } catch (error) {
      throw TRPCClientError.from(error instanceof Error ? error : new Error(String(error))); // cause: fetch failed
    }
    const body = (await response.json().catch(() => null)) as
      | { result: { data: Parameters<typeof superjson.deserialize>[0] } }
      | { error: Parameters<typeof superjson.deserialize>[0] }
      | null;
    if (body && 'result' in body) return superjson.deserialize(body.result.data);
    if (body && 'error' in body) {
      throw TRPCClientError.from({ error: superjson.deserialize(body.error) } as Parameters<
        typeof TRPCClientError.from
      >[0]);
    }
    throw TRPCClientError.from(
      new Error(`actors.invoke answered HTTP ${response.status} without a tRPC body`),
    );
  };
}
