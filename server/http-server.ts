// The process's one HTTP server: tRPC at /api/trpc, socket.io at /socket.io, everything else to
// Next (when given; API tests run without it). Every route sits behind one guard (request-guard.ts):
// the Host/Origin policy, and no handler failure ever leaves a request unanswered or ends the process.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Server as NetServer } from 'node:net';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { createContextFactory } from './api/context.ts';
import { appRouter } from './api/root.ts';
import { servePipelineProcedures } from './api/serve-forwarded.ts';
import { handleAuthRoute } from './auth.ts';
import { BACKUP_PATH, serveBackup } from './backup-route.ts';
// [observability] request ids + access log, /metrics
import { type Logger, silentLogger } from './observability/logger.ts';
import { createTroupeMetrics, serveMetrics, type TroupeMetrics } from './observability/metrics.ts';
import { startRecentHistory } from './observability/recent-history.ts';
import { recordTrpcError, withRequestLog } from './observability/request-log.ts';
import { attachSocketServer, type TroupeSocketServer } from './realtime/socket-server.ts';
import { answerFailures, guardServer } from './request-guard.ts';
import type { Troupe } from './troupe.ts';
import { WIRE_PATH } from './wire/protocol.ts';
import type { WireLimits } from './wire/wire-connection.ts';
import { attachWire, type WireServer } from './wire/wire-server.ts';

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
/** Enough loop turns for the listening socket's close to reach the kernel. */
const LISTENER_CLOSE_MS = 20;

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
  /** Bounds of one WebSocket wire connection (server/wire); defaults in wire-server.ts. */
  wireLimits?: Partial<WireLimits>;
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
  /** The WebSocket wire (/api/ws): connected clients, for inspection. */
  wire: WireServer;
  /** The socket.io server (rooms, connected clients), for inspection. */
  io: TroupeSocketServer;
  listen(port: number, host: string): Promise<number>;
  /** Stops accepting new connections; requests on open ones are still served while the runtime drains. */
  stopAccepting(): Promise<void>;
  /**
   * After the runtime closed: requests that still arrive are answered 503 at once; once none is in
   * flight and none arrived for DRAIN_QUIET_MS (bounded by DRAIN_MAX_MS), every connection closes.
   */
  closeConnections(): Promise<void>;
}

export function createTroupeServer(troupe: Troupe, options: TroupeServerOptions): TroupeServer {
  const logger = options.logger ?? silentLogger; // [observability]
  const metrics = options.metrics ?? createTroupeMetrics(); // [observability]
  // The Overview's last five minutes, served on load (system.recent*) and pushed live (socket.io).
  const history = startRecentHistory(troupe, { turnDurations: () => metrics.turnFacet.turnDurations() });
  servePipelineProcedures(troupe); // [cluster] the pipeline calls other nodes forward to their home here
  const handleTrpc = withRequestLog(
    logger, // [observability]
    createHTTPHandler({
      router: appRouter,
      basePath: '/api/trpc/',
      createContext: createContextFactory(troupe, options.token, () => draining, history),
      onError: recordTrpcError(logger), // [observability]
      maxBodySize: MAX_BODY_BYTES,
      maxBatchSize: MAX_BATCH_CALLS,
    }),
  );
  // `troupe backup`: the live database, copied with SQLite's online backup API (backup-route.ts).
  const handleBackup = withRequestLog(logger, (req, res) => serveBackup(troupe.db, req, res, options.token));
  let draining = false;
  /** The runtime is gone: nothing may reach a handler any more. */
  let closed = false;
  let inFlight = 0;
  let lastRequestAt = 0;
  // Handlers may throw or reject: answerFailures answers for them, and logs why.
  const route = (req: IncomingMessage, res: ServerResponse) => {
    lastRequestAt = performance.now();
    // Shutting down: every answer closes its connection, so a keep-alive client's next call opens
    // a new connection (refused: nothing sent) instead of racing the teardown of an old one.
    if (draining) res.setHeader('connection', 'close');
    if (closed) {
      res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '1' });
      res.end(JSON.stringify({ error: 'Troupe is shutting down' }));
      return;
    }
    inFlight++;
    res.once('close', () => inFlight--);
    const path = (req.url ?? '').split('?', 1)[0]!;
    if (path.startsWith('/api/trpc/')) return handleTrpc(req, res);
    if (path === BACKUP_PATH) return handleBackup(req, res);
    // [observability] Prometheus scrape; behind the token like the control plane
    if (path === '/metrics') return serveMetrics(metrics, req, res, options.token);
    if (path.startsWith('/auth/')) return handleAuthRoute(req, res, path, options.token);
    if (options.next) return options.next(req, res);
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  };
  const http = createServer(answerFailures(route, logger));
  /** Waits until no request arrived for DRAIN_QUIET_MS and `busy()` is false, at most DRAIN_MAX_MS. */
  const quiet = async (busy: () => boolean) => {
    const deadline = performance.now() + DRAIN_MAX_MS;
    for (;;) {
      const now = performance.now();
      if (now >= deadline) return;
      const wait = Math.min(lastRequestAt + DRAIN_QUIET_MS, deadline) - now;
      if (wait <= 0 && !busy()) return;
      await new Promise((resolve) => setTimeout(resolve, Math.max(wait, 5)));
    }
  };
  const sockets = attachSocketServer(http, troupe, {
    heartbeatMs: options.heartbeatMs,
    history,
    token: options.token,
    maxRoomsPerSocket: options.maxRoomsPerSocket,
    maxQueuedBytes: options.maxSocketQueuedBytes,
  });
  const wire = attachWire(http, troupe.runtime, {
    token: options.token,
    limits: options.wireLimits,
    logError: (context, message) => logger.error(context, message),
  });
  // After socket.io and the wire attached their listeners: the guard must stand in front of them too.
  const policy = { token: options.token, allowedHosts: options.allowedHosts ?? [] };
  const upgradePaths = ['/socket.io/', WIRE_PATH, ...(options.dev ? ['/_next/'] : [])];
  guardServer(http, policy, logger, upgradePaths);
  metrics.watch({ troupe, socketClients: () => sockets.io.engine.clientsCount }); // [observability]
  return {
    http,
    wire,
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
      // Stop listening, but do not drop idle keep-alive connections as http.close() would: a
      // request may already be on its way over one, and would get a reset instead of an answer.
      NetServer.prototype.close.call(http);
      // The listening socket is really closed a loop turn later. Only then may answers tell clients
      // to reconnect (connection: close): a connection made before would wait in the kernel's accept
      // queue and be reset with its request, where after it is refused with nothing sent.
      await new Promise((resolve) => setTimeout(resolve, LISTENER_CLOSE_MS));
      draining = true;
      await quiet(() => false);
      // Idle keep-alive connections stay open while the runtime drains: closing one races a client
      // that is sending on it (a reset, not an answer); every answer from now on closes its own.
      // Not awaited: socket.io's close waits for every HTTP connection to end, and in-flight
      // requests end only once the runtime (drained next by the caller) has answered them. It ends
      // with http.close(), which (Node >= 19) also drops idle keep-alive connections: the listener is
      // closed already, so that close closes nothing more.
      http.close = ((callback?: (error?: Error) => void) =>
        NetServer.prototype.close.call(http, callback)) as typeof http.close;
      void sockets.close();
    },
    async closeConnections() {
      closed = true;
      history.stop();
      wire.close(); // the runtime is closed: wire clients reconnect elsewhere or later
      // With the runtime closed the event loop is free: bytes a client already sent are read and
      // answered (503) within the quiet period, so the connections closed after it carry none.
      await quiet(() => inFlight > 0);
      http.closeAllConnections();
    },
  };
}
