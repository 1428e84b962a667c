// Raw HTTP access to the control plane for fuzzing: any body, any method, any content type, and
// the check every answer must pass (never a 5xx, always JSON, errors typed with a code and a message).
import superjson from 'superjson';

export interface RawRequest {
  method: 'GET' | 'POST';
  /** Procedure path(s), comma-separated for a batch. */
  path: string;
  batch?: boolean;
  /** GET: the `input` query parameter (already serialized); POST: the body. */
  payload?: string;
  contentType?: string;
}

export interface RawResponse {
  status: number;
  text: string;
}

/** Serializes `input` as the tRPC client would (superjson); falls back to plain JSON. */
export function encodeInput(input: unknown): string | undefined {
  try {
    return JSON.stringify(superjson.serialize(input));
  } catch {
    try {
      return JSON.stringify({ json: input });
    } catch {
      return undefined;
    }
  }
}

export async function send(baseUrl: string, request: RawRequest, timeoutMs = 10_000): Promise<RawResponse> {
  const params = new URLSearchParams();
  if (request.batch) params.set('batch', '1');
  // A query's input rides in the URL. Past Node's header limit (16 KB; percent-encoding can triple
  // the input) the HTTP parser itself answers 431 without a body, before tRPC. Truncated, the case
  // stays inside tRPC (as malformed JSON).
  if (request.method === 'GET' && request.payload !== undefined)
    params.set('input', request.payload.slice(0, 4_000));
  const query = params.size > 0 ? `?${params}` : '';
  const url = `${baseUrl}/api/trpc/${encodeURI(request.path)}${query}`;
  const headers: Record<string, string> = {};
  if (request.contentType) headers['content-type'] = request.contentType;
  const response = await fetch(url, {
    method: request.method,
    headers,
    body: request.method === 'POST' ? request.payload : undefined,
    signal: AbortSignal.timeout(timeoutMs),
  });
  return { status: response.status, text: await response.text() };
}

interface ErrorEnvelope {
  error?: { json?: { message?: unknown; data?: { code?: unknown; httpStatus?: unknown } } };
  result?: unknown;
}

/**
 * What is wrong with an answer, or null: a 5xx, a body that is not JSON, an error without a tRPC
 * code or message, an error whose httpStatus disagrees with the response.
 */
export function problemWith(response: RawResponse): string | null {
  if (response.status >= 500) return `status ${response.status}: ${response.text.slice(0, 300)}`;
  let body: unknown;
  try {
    body = JSON.parse(response.text);
  } catch {
    return `status ${response.status} with a non-JSON body: ${response.text.slice(0, 200)}`;
  }
  const items = (Array.isArray(body) ? body : [body]) as ErrorEnvelope[];
  for (const item of items) {
    if (item?.error) {
      const { message, data } = item.error.json ?? {};
      if (typeof message !== 'string' || message.length === 0)
        return `error without a message: ${response.text.slice(0, 200)}`;
      if (typeof data?.code !== 'string') return `error without a code: ${response.text.slice(0, 200)}`;
      if (typeof data.httpStatus !== 'number' || data.httpStatus >= 500)
        return `error with httpStatus ${String(data.httpStatus)}: ${response.text.slice(0, 200)}`;
    } else if (!item || !('result' in item)) {
      return `neither result nor error: ${response.text.slice(0, 200)}`;
    }
  }
  if (!Array.isArray(body) && (body as ErrorEnvelope).error) {
    const status = (body as ErrorEnvelope).error?.json?.data?.httpStatus;
    if (status !== response.status)
      return `httpStatus ${String(status)} but response status ${response.status}`;
  }
  return null;
}
