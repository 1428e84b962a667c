// The one guard in front of every route of the HTTP server, socket.io's included: requests refused
// by the request policy (foreign Origin, DNS-rebound Host) get 403 before any handler runs, and a
// handler that throws or rejects gets a plain 400/500 answer and a log line instead of ending the
// process (an uncaught exception or unhandled rejection from one request kills every other one).
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from './observability/logger.ts';
import { type RequestPolicy, refusalOf } from './request-policy.ts';

export type RequestListener = (req: IncomingMessage, res: ServerResponse) => unknown;
type UpgradeListener = (req: IncomingMessage, socket: Duplex, head: Buffer) => unknown;

/**
 * Moves every 'request' and 'upgrade' listener of `http` (the app's, socket.io's) behind the guard.
 * Call it once all of them are attached. Upgrades are answered only on `upgradePaths` (socket.io;
 * Next's dev socket in development): any other would be held open by no one, forever.
 */
export function guardServer(
  http: Server,
  policy: RequestPolicy,
  logger: Logger,
  upgradePaths: readonly string[],
): void {
  const requestListeners = http.listeners('request') as RequestListener[];
  const upgradeListeners = http.listeners('upgrade') as UpgradeListener[];
  http.removeAllListeners('request');
  http.removeAllListeners('upgrade');

  http.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const refusal = refusalOf(req, policy);
    if (refusal) {
      logRefusal(logger, req, refusal);
      answer(res, 403, refusal);
      return;
    }
    for (const listener of requestListeners) answerFailures(listener.bind(http), logger)(req, res);
  });

  // Requests the HTTP parser refuses before any handler (a URL or headers over Node's 16 KiB, bytes
  // that are not HTTP) get a JSON answer in the control plane's error shape, like every other
  // refusal, instead of Node's bare status line: a client learns what to change.
  http.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
    const status = tooLarge ? 431 : 400;
    const message = tooLarge
      ? 'the URL and headers exceed 16 KiB: send large input in a POST body'
      : 'malformed HTTP request';
    const body = JSON.stringify({
      error: { json: { message, code: -32600, data: { code: 'BAD_REQUEST', httpStatus: status } } },
    });
    const reason = tooLarge ? 'Request Header Fields Too Large' : 'Bad Request';
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  });

  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => undefined); // a client resetting its upgrade is not our failure
    if (!upgradePaths.some((path) => (req.url ?? '').startsWith(path))) {
      refuseUpgrade(socket, 404, 'no WebSocket endpoint here');
      return;
    }
    const refusal = refusalOf(req, policy, { upgrade: true });
    if (refusal) {
      logRefusal(logger, req, refusal);
      refuseUpgrade(socket, 403, refusal);
      return;
    }
    const fail = (error: unknown) => {
      logFailure(logger, req, 500, error);
      socket.destroy();
    };
    for (const listener of upgradeListeners) guarded(() => listener.call(http, req, socket, head), fail);
  });
}

/**
 * The handler, answering for it when it throws or rejects. Wrap the app's own handler with it too:
 * socket.io calls the handlers it intercepts without returning their promises.
 */
export function answerFailures(handler: RequestListener, logger: Logger): RequestListener {
  return (req, res) =>
    guarded(
      () => handler(req, res),
      (error) => {
        const status = isClientFault(error) ? 400 : 500;
        logFailure(logger, req, status, error);
        if (res.headersSent) res.destroy();
        else answer(res, status, status === 400 ? 'malformed request' : 'internal error');
      },
    );
}

/** Runs a listener; a throw or a rejected promise goes to `fail`, never further. */
function guarded(run: () => unknown, fail: (error: unknown) => void): void {
  try {
    const result = run();
    if (result instanceof Promise) result.catch(fail);
  } catch (error) {
    fail(error);
  }
}

/** Decoding and parsing errors come from the client's bytes: its fault, a 400. */
function isClientFault(error: unknown): boolean {
  if (error instanceof URIError || error instanceof SyntaxError) return true;
  return (error as { code?: unknown } | null)?.code === 'ERR_INVALID_URL';
}

function answer(res: ServerResponse, status: number, message: string) {
  if (res.writableEnded) return;
  const body = JSON.stringify({ error: message });
  res
    .writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
      connection: 'close',
    })
    .end(body);
}

function refuseUpgrade(socket: Duplex, status: 403 | 404, message: string) {
  const body = JSON.stringify({ error: message });
  const reason = status === 403 ? 'Forbidden' : 'Not Found';
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${reason}\r\nconnection: close\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  }
  socket.end();
}

/** What the log line may say about the request: method, a bounded path, Host and Origin. */
function describeRequest(req: IncomingMessage) {
  return {
    method: req.method,
    path: (req.url ?? '').slice(0, 200),
    host: req.headers.host?.slice(0, 200),
    origin: req.headers.origin?.slice(0, 200),
  };
}

function logRefusal(logger: Logger, req: IncomingMessage, reason: string) {
  logger.warn({ ...describeRequest(req), status: 403, reason }, 'request refused');
}

function logFailure(logger: Logger, req: IncomingMessage, status: number, error: unknown) {
  const level = status >= 500 ? 'error' : 'warn';
  logger[level]({ ...describeRequest(req), status, err: error }, 'request handler failed');
}
