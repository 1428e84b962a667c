// The process's one HTTP server: tRPC at /api/trpc, socket.io at /socket.io, everything else to
// Next (when given; API tests run without it). Every route sits behind one guard (request-guard.ts):
// the Host/Origin policy, and no handler failure ever leaves a request unanswered or ends the process.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Server as NetServer } from 'node:net';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { createContextFactory } from './api/context.ts';
import { appRouter } from './api/root.ts';
import { handleAuthRoute } from './auth.ts';
// [observability] request ids + access log, /metrics
import { type Logger, silentLogger } from './observability/logger.ts';
import { createTroupeMetrics, serveMetrics, type TroupeMetrics } from './observability/metrics.ts';
import { recordTrpcError, withRequestLog } from './observability/request-log.ts';
import { attachSocketServer, type TroupeSocketServer } from './realtime/socket-server.ts';
import { answerFailures, guardServer } from './request-guard.ts';
import type { Troupe } from './troupe.ts';

/**
 * Most calls in one batched request: bounds how long one request holds the event loop (~90 ms at
 * ~90 µs of tRPC work per call). The SDK and the dashboard send at most 100 per request.
 */
export const MAX_BATCH_CALLS = 1000;
/** Largest control-plane request body; larger ones are refused with 413 PAYLOAD_TOO_LARGE. */
export const MAX_BODY_BYTES = 1024 * 1024;
/**
 * On shutdown, idle keep-alive connections are closed once no request has arrived for DRAIN_QUIET_MS
 * (at most DRAIN_MAX_MS after the listener closed): clients still using them get their last answer.
 */
const DRAIN_QUIET_MS = 50;
const DRAIN_MAX_MS = 1000;

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

export interface TroupeServerOptions {
  heartbeatMs: number;
  /** When set, the control plane, socket.io and /metrics require it (see auth.ts). */
  token?: string;
  /** Host names accepted besides loopback when no token is set, and as browser origins (request-policy.ts). */
  allowedHosts?: readonly string[];
  /** Rooms one socket may be in at once (socket-subscriptions.ts). */
  maxRoomsPerSocket?: number;
  /** Bytes queued for one socket before it is dropped (socket-backlog.ts). */
  maxSocketQueuedBytes?: number;
  /** Serves the dashboard; without it, non-API paths answer 404. */
  next?: RequestHandler;
  /** Development: Next's own WebSocket (/_next/, hot reload) is let through too. */
  dev?: boolean;
  // [observability]
  /** Access log of control-plane calls; none by default (tests, embedders). */
  logger?: Logger;
  /** Served at GET /metrics; a registry of this server's own when not given. */
  metrics?: TroupeMetrics;
}

export interface TroupeServer {
  http: Server;
  /** The socket.io server (rooms, connected clients), for inspection. */
  io: TroupeSocketServer;
  listen(port: number, host: string): Promise<number>;
  /** Stops accepting, closes sockets, lets in-flight requests finish while the caller drains the runtime. */
  stopAccepting(): Promise<void>;
  closeConnections(): void;
}

export function createTroupeServer(troupe: Troupe, options: TroupeServerOptions): TroupeServer {
  const logger = options.logger ?? silentLogger; // [observability]
  const handleTrpc = withRequestLog(
    logger, // [observability]
    createHTTPHandler({
      router: appRouter,
      basePath: '/api/trpc/',
      createContext: createContextFactory(troupe, options.token, () => draining),
      onError: recordTrpcError(logger), // [observability]
      maxBodySize: MAX_BODY_BYTES,
      maxBatchSize: MAX_BATCH_CALLS,
    }),
  );
  const metrics = options.metrics ?? createTroupeMetrics(); // [observability]
  let draining = false;
  let lastRequestAt = 0;
  // Handlers may throw or reject: answerFailures answers for them, and logs why.
  const route = (req: IncomingMessage, res: ServerResponse) => {
    lastRequestAt = performance.now();
    // Shutting down: every answer closes its connection, so a keep-alive client's next call opens
    // a new connection (refused: nothing sent) instead of racing the teardown of an old one.
    if (draining) res.setHeader('connection', 'close');
    const path = (req.url ?? '').split('?', 1)[0]!;
    if (path.startsWith('/api/trpc/')) return handleTrpc(req, res);
    // [observability] Prometheus scrape; behind the token like the control plane
    if (path === '/metrics') return serveMetrics(metrics, req, res, options.token);
    if (path.startsWith('/auth/')) return handleAuthRoute(req, res, path, options.token);
    if (options.next) return options.next(req, res);
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  };
  const http = createServer(answerFailures(route, logger));
  const sockets = attachSocketServer(http, troupe, {
    heartbeatMs: options.heartbeatMs,
    token: options.token,
    maxRoomsPerSocket: options.maxRoomsPerSocket,
    maxQueuedBytes: options.maxSocketQueuedBytes,
  });
  // After socket.io attached its listeners: the guard must stand in front of them too.
  const policy = { token: options.token, allowedHosts: options.allowedHosts ?? [] };
  guardServer(http, policy, logger, options.dev ? ['/socket.io/', '/_next/'] : ['/socket.io/']);
  metrics.watch({ troupe, socketClients: () => sockets.io.engine.clientsCount }); // [observability]
  return {
    http,
    io: sockets.io,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        http.once('error', reject);
        http.listen(port, host, () => {
          const address = http.address();
          resolve(typeof address === 'object' && address ? address.port : port);
        });
      }),
    async stopAccepting() {
      draining = true;
      // Stop listening, but do not drop idle keep-alive connections yet as http.close() would: a
      // request may already be on its way over one, and would get a reset instead of an answer.
      NetServer.prototype.close.call(http);
      const deadline = performance.now() + DRAIN_MAX_MS;
      for (;;) {
        const wait = Math.min(lastRequestAt + DRAIN_QUIET_MS, deadline) - performance.now();
        if (wait <= 0) break;
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
      http.closeIdleConnections();
      // Not awaited: socket.io's close waits for every HTTP connection to end, and in-flight
      // requests end only once the runtime (drained next by the caller) has answered them.
      void sockets.close();
    },
    closeConnections: () => http.closeAllConnections(),
  };
}
