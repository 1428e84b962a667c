// Test helper: one tRPC call as raw JSON over HTTP, bypassing the typed client, whose superjson
// refuses to send some of the inputs the edge must be tested with (`constructor` keys, deep values).
import superjson from 'superjson';

export interface RawReply {
  status: number;
  requestId: string | null;
  /** The deserialized result, on success. */
  data?: unknown;
  error?: { message: string; data: { code: string; zodError: unknown } };
}

export async function rawCall(
  url: string,
  path: string,
  input: unknown,
  kind: 'query' | 'mutation' = 'mutation',
  headers: Record<string, string> = {},
): Promise<RawReply> {
  const body = JSON.stringify({ json: input });
  const response =
    kind === 'mutation'
      ? await fetch(`${url}/api/trpc/${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body,
        })
      : await fetch(`${url}/api/trpc/${path}?input=${encodeURIComponent(body)}`, { headers });
  const reply = (await response.json()) as { result?: { data: never }; error?: never };
  return {
    status: response.status,
    requestId: response.headers.get('x-request-id'),
    data: reply.result ? superjson.deserialize(reply.result.data) : undefined,
    error: reply.error ? superjson.deserialize(reply.error) : undefined,
  };
}
