// Raw HTTP access to the control plane for fuzzing: any body, any method, any content type, and
// the check every answer must pass (no 5xx but a typed 503, always JSON, errors typed with a code
// and a message that leaks no stack and no SQL or ORM text).
import superjson from 'superjson';

export interface RawRequest {
  method: 'GET' | 'POST';
  /** Procedure path(s), comma-separated for a batch. */
  path: string;
  batch?: boolean;
  /** GET: the `input` query parameter (already serialized); POST: the body. */
  payload?: string;
  contentType?: string;
  /** Extra request headers (cookies, authorization). */
  headers?: Record<string, string>;
  /** Longest query input sent (truncated past it); callers that keep URLs short may lift it. */
  maxQueryChars?: number;
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

/**
 * The request a client sends for `input` as plain JSON (`{"json": ...}`, what superjson reads when
 * there is no meta): keys such as `__proto__` reach the server as written, which superjson's own
 * serializer would refuse to send.
 */
export function jsonRequest(path: string, input: unknown, query: boolean): RawRequest {
  return {
    method: query ? 'GET' : 'POST',
    path,
    payload: JSON.stringify({ json: input }),
    contentType: 'application/json',
    maxQueryChars: Number.POSITIVE_INFINITY,
  };
}

/** Several calls of one procedure in one tRPC batch request (what httpBatchLink sends). */
export function jsonBatchRequest(path: string, inputs: unknown[], query: boolean): RawRequest {
  const body: Record<string, unknown> = {};
  inputs.forEach((input, i) => {
    body[i] = { json: input };
  });
  return {
    ...jsonRequest(path, undefined, query),
    path: inputs.map(() => path).join(','),
    batch: true,
    payload: JSON.stringify(body),
  };
}

export async function send(baseUrl: string, request: RawRequest, timeoutMs = 10_000): Promise<RawResponse> {
  const params = new URLSearchParams();
  if (request.batch) params.set('batch', '1');
  // A query's input rides in the URL. Past Node's header limit (16 KB; percent-encoding can triple
  // the input) the HTTP parser itself answers 431 without a body, before tRPC. Truncated, the case
  // stays inside tRPC (as malformed JSON).
  if (request.method === 'GET' && request.payload !== undefined)
    params.set('input', request.payload.slice(0, request.maxQueryChars ?? 4_000));
  const query = params.size > 0 ? `?${params}` : '';
  const url = `${baseUrl}/api/trpc/${encodeURI(request.path)}${query}`;
  const headers: Record<string, string> = { ...request.headers };
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
  error?: { json?: { message?: unknown; data?: { code?: unknown; httpStatus?: unknown; stack?: unknown } } };
  result?: unknown;
}

/** Text that belongs in logs, never in an answer: stack frames, SQLite, SQL statements, Prisma. */
const INTERNALS = [
  /\n\s+at\s/,
  /\.[cm]?[jt]sx?:\d+:\d+/,
  /node_modules/,
  /prisma/i,
  /SQLITE_[A-Z]/,
  /SqliteError/i,
  /constraint failed/i,
  /no such (table|column)/i,
  /\bSELECT\b[^"]*\bFROM\b/,
  /\bINSERT INTO\b/,
  /invocation:/,
];

/** Why an error item leaks internals, or null. */
function leakIn(error: NonNullable<ErrorEnvelope['error']>): string | null {
  const stack = error.json?.data?.stack;
  if (stack !== undefined && stack !== null) return 'carries data.stack';
  const text = JSON.stringify(error);
  const leak = INTERNALS.find((pattern) => pattern.test(text));
  return leak ? `leaks internals (${leak}): ${text.slice(0, 300)}` : null;
}

/** A 503 is an honest answer (draining, an actor failed to activate) when it is a typed tRPC error. */
function isTyped503(response: RawResponse): boolean {
  if (response.status !== 503) return false;
  try {
    const body = JSON.parse(response.text) as ErrorEnvelope;
    return body.error?.json?.data?.code === 'SERVICE_UNAVAILABLE';
  } catch {
    return false;
  }
}

/**
 * What is wrong with an answer, or null: a 5xx other than a typed 503, a body that is not JSON, an
 * error without a tRPC code or message, an error that leaks a stack or SQL/ORM text, an error
 * whose httpStatus disagrees with the response.
 */
export function problemWith(response: RawResponse): string | null {
  if (response.status >= 500 && !isTyped503(response))
    return `status ${response.status}: ${response.text.slice(0, 300)}`;
  let body: unknown;
  try {
    body = JSON.parse(response.text);
  } catch {
    return `status ${response.status} with a non-JSON body: ${response.text.slice(0, 200)}`;
  }
  const items = (Array.isArray(body) ? body : [body]) as ErrorEnvelope[];
  for (const [index, item] of items.entries()) {
    // In a batch, the item at fault (the others may be fine).
    const shown = `${Array.isArray(body) ? `item ${index}: ` : ''}${JSON.stringify(item).slice(0, 300)}`;
    if (item?.error) {
      const { message, data } = item.error.json ?? {};
      if (typeof message !== 'string' || message.length === 0) return `error without a message: ${shown}`;
      if (typeof data?.code !== 'string') return `error without a code: ${shown}`;
      const typed503 = data.code === 'SERVICE_UNAVAILABLE' && data.httpStatus === 503;
      if (typeof data.httpStatus !== 'number' || (data.httpStatus >= 500 && !typed503))
        return `error with httpStatus ${String(data.httpStatus)}: ${shown}`;
      const leak = leakIn(item.error);
      if (leak) return leak;
    } else if (!item || !('result' in item)) {
      return `neither result nor error: ${shown}`;
    }
  }
  if (!Array.isArray(body) && (body as ErrorEnvelope).error) {
    const status = (body as ErrorEnvelope).error?.json?.data?.httpStatus;
    if (status !== response.status)
      return `httpStatus ${String(status)} but response status ${response.status}`;
  }
  return null;
}

/** What is wrong with a /metrics scrape (a text answer, not tRPC): a 5xx or no answer, else null. */
export async function scrapeMetrics(
  baseUrl: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<string | null> {
  try {
    const response = await fetch(`${baseUrl}/metrics`, { headers, signal: AbortSignal.timeout(timeoutMs) });
    const text = await response.text();
    return response.status >= 500 ? `/metrics answered ${response.status}: ${text.slice(0, 200)}` : null;
  } catch (error) {
    return `/metrics gave no answer: ${error instanceof Error ? error.message : String(error)}`;
  }
}
