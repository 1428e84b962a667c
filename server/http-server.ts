// The process's one HTTP server: tRPC at /api/trpc, socket.io at /socket.io, everything else to
// Next (when given; API tests run without it).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { createContextFactory } from './api/context.ts';
import { appRouter } from './api/root.ts';
import { handleAuthRoute } from './auth.ts';
// [observability] request ids + access log, /metrics
import { type Logger, silentLogger } from './observability/logger.ts';
import { createTroupeMetrics, serveMetrics, type TroupeMetrics } from './observability/metrics.ts';
import { recordTrpcError, withRequestLog } from './observability/request-log.ts';
import { attachSocketServer } from './realtime/socket-server.ts';
import type { Troupe } from './troupe.ts';

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

export interface TroupeServerOptions {
  heartbeatMs: number;
  /** When set, the control plane, socket.io and /metrics require it (see auth.ts). */
  token?: string;
  /** Serves the dashboard; without it, non-API paths answer 404. */
  next?: RequestHandler;
  // [observability]
  /** Access log of control-plane calls; none by default (tests, embedders). */
  logger?: Logger;
  /** Served at GET /metrics; a registry of this server's own when not given. */
  metrics?: TroupeMetrics;
}

export interface TroupeServer {
  http: Server;
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
      createContext: createContextFactory(troupe, options.token),
      onError: recordTrpcError(logger), // [observability]
    }),
  );
  const metrics = options.metrics ?? createTroupeMetrics(); // [observability]
  const http = createServer((req, res) => {
    if (req.url?.startsWith('/api/trpc/')) return handleTrpc(req, res);
    // [observability] Prometheus scrape; behind the token like the control plane
    if (req.url === '/metrics') return void serveMetrics(metrics, req, res, options.token);
    if (req.url?.startsWith('/auth/')) return void handleAuthRoute(req, res, options.token);
    if (options.next) return void options.next(req, res);
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  });
  const sockets = attachSocketServer(http, troupe, {
    heartbeatMs: options.heartbeatMs,
    token: options.token,
  });
  metrics.watch({ troupe, socketClients: () => sockets.io.engine.clientsCount }); // [observability]
  return {
    http,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        http.once('error', reject);
        http.listen(port, host, () => {
          const address = http.address();
          resolve(typeof address === 'object' && address ? address.port : port);
        });
      }),
    async stopAccepting() {
      http.close();
      http.closeIdleConnections();
      await sockets.close();
    },
    closeConnections: () => http.closeAllConnections(),
  };
}
