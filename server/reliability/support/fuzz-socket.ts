// Real socket.io clients for the fuzz suites: a connection with any handshake (auth payload and
// headers), and header text as a raw client would put it on the wire.
import { io as connect, type Socket } from 'socket.io-client';

export type Handshake = { auth: Record<string, string>; headers: Record<string, string> };

/** Header names a client can send (RFC 9110 tokens); others never leave the client. */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * Headers as raw bytes: each value UTF-8, one latin1 character per byte (what reaches Node's parser
 * from a client that writes its own bytes), minus the control characters no HTTP client can send.
 */
export function onTheWire(headers: Record<string, string>): Record<string, string> {
  const sendable = (c: string) => c === '\t' || (c >= ' ' && c !== '\u007f');
  const wire: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!TOKEN.test(name)) continue;
    const bytes = Buffer.from(value, 'utf8').toString('latin1');
    Object.defineProperty(wire, name, {
      value: [...bytes].filter(sendable).join(''),
      enumerable: true,
      writable: true,
    });
  }
  return wire;
}

/** The headers of a handshake sample: `cookie: a=1; b=2` and `authorization: Bearer <bearer>`. */
export function handshakeHeaders(cookies: Record<string, string>, bearer: string): Record<string, string> {
  const headers: Record<string, string> = {};
  const cookie = Object.entries(cookies).map(([name, value]) => `${name}=${value}`);
  if (cookie.length > 0) headers.cookie = cookie.join('; ');
  if (bearer) headers.authorization = `Bearer ${bearer}`;
  return onTheWire(headers);
}

/** Connects (or fails to) within `deadlineMs`; `error` is why the server refused, if it did. */
export function openSocket(
  url: string,
  handshake: Partial<Handshake> = {},
  deadlineMs = 1_500,
): Promise<{ socket: Socket; error?: string }> {
  const socket = connect(url, {
    path: '/socket.io',
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    auth: handshake.auth ?? {},
    extraHeaders: handshake.headers ?? {},
    timeout: deadlineMs,
  });
  return new Promise((resolve) => {
    // socket.io's own `timeout` covers the transport only: a server that never answers the
    // namespace CONNECT (its middleware died) would leave the client waiting forever.
    const timer = setTimeout(() => {
      socket.close();
      resolve({ socket, error: `no answer to the handshake within ${deadlineMs} ms` });
    }, deadlineMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve({ socket });
    });
    socket.once('connect_error', (error) => {
      clearTimeout(timer);
      resolve({ socket, error: error.message || 'connect_error' });
    });
  });
}
