// Raw HTTP/1.1 over a TCP socket, for tests that must send what fetch refuses to: undecodable
// cookies, forged Host and Origin headers, latin1 bytes, broken bodies, upgrade requests.
import { connect } from 'node:net';

export interface RawAnswer {
  status: number;
  head: string;
  body: string;
}

export interface RawRequest {
  method?: string;
  path: string;
  /** Written as given, one `name: value` line each (latin1: one byte per character). */
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Default: `127.0.0.1:<port>`, as curl would send. */
  host?: string | null;
}

/** Sends one request on a new connection and resolves with the answer's status line and body. */
export function rawRequest(port: number, request: RawRequest, timeoutMs = 5_000): Promise<RawAnswer> {
  const body = typeof request.body === 'string' ? Buffer.from(request.body, 'latin1') : request.body;
  const lines = [`${request.method ?? 'GET'} ${request.path} HTTP/1.1`];
  const host = request.host === undefined ? `127.0.0.1:${port}` : request.host;
  if (host !== null) lines.push(`Host: ${host}`);
  for (const [name, value] of Object.entries(request.headers ?? {})) lines.push(`${name}: ${value}`);
  const upgrade = Object.keys(request.headers ?? {}).some((name) => name.toLowerCase() === 'upgrade');
  if (!upgrade) lines.push('Connection: close');
  if (body) lines.push(`Content-Length: ${body.length}`);
  const head = Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer in ${timeoutMs} ms to ${request.method ?? 'GET'} ${request.path}`));
    }, timeoutMs);
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      const end = received.indexOf('\r\n\r\n');
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(received)?.[1] ?? 0);
      const head = received.slice(0, end);
      const body = end < 0 ? '' : received.slice(end + 4);
      resolve({ status, head, body: /^transfer-encoding: chunked/im.test(head) ? dechunk(body) : body });
    };
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1');
      // An upgrade that succeeded stays open: its head is the whole answer.
      if (upgrade && received.startsWith('HTTP/1.1 101 ') && received.includes('\r\n\r\n')) finish();
    });
    socket.on('end', finish);
    socket.on('close', finish);
    socket.on('error', () => undefined); // a reset after the answer is read is not a failure
    socket.write(body ? Buffer.concat([head, body]) : head);
  });
}

function dechunk(body: string): string {
  let out = '';
  let at = 0;
  for (;;) {
    const lineEnd = body.indexOf('\r\n', at);
    const size = Number.parseInt(body.slice(at, lineEnd), 16);
    if (lineEnd < 0 || !(size > 0)) return out;
    out += body.slice(lineEnd + 2, lineEnd + 2 + size);
    at = lineEnd + 2 + size + 2;
  }
}
