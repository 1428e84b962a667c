// socket.io on the process's one HTTP server, at /socket.io: heartbeat, subscriptions to rooms
// (bounded per socket), the runtime bridge that feeds those rooms, and a bounded queue per socket.
// Origin and Host are checked in front of it, with every other route (request-guard.ts).
import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import { z } from 'zod';
import { isAuthorized, presentedToken } from '../auth.ts';
import type { RecentHistory } from '../observability/recent-history.ts';
import type { Troupe } from '../troupe.ts';
import type { ClientToServerEvents, InterServerEvents, ServerToClientEvents, SocketData } from './events.ts';
import { feedPipelines } from './pipeline-feed.ts';
import { roomInterest } from './room-interest.ts';
import { bridgeRuntime } from './runtime-bridge.ts';
import { boundBacklog, DEFAULT_MAX_QUEUED_BYTES } from './socket-backlog.ts';
import { DEFAULT_MAX_ROOMS_PER_SOCKET, handleSubscriptions } from './socket-subscriptions.ts';

export type TroupeSocketServer = Server<
  ClientToServerEvents,
  ServerToClientEvents,
  InterServerEvents,
  SocketData
>;

export interface SocketServerOptions {
  heartbeatMs: number;
  /** The server's recent history: the Overview's live ticks and numbered lifecycle events. */
  history: RecentHistory;
  /** When set, a handshake must carry it (auth.token, Bearer header or the dashboard's cookie). */
  token?: string;
  /** Rooms one socket may be in at once (default DEFAULT_MAX_ROOMS_PER_SOCKET). */
  maxRoomsPerSocket?: number;
  /** Bytes queued for one socket before it is dropped (default DEFAULT_MAX_QUEUED_BYTES). */
  maxQueuedBytes?: number;
}

/** The handshake's `auth` payload is the client's JSON: only a string token is a token. */
const ZHandshakeAuthSchema = z.object({ token: z.string() });

export function attachSocketServer(http: HttpServer, troupe: Troupe, options: SocketServerOptions) {
  const io: TroupeSocketServer = new Server(http, {
    path: '/socket.io',
    serveClient: false,
    // Leave other upgrade requests (Next's dev HMR socket) alone.
    destroyUpgrade: false,
    maxHttpBufferSize: 64 * 1024, // clients only send small subscription messages
    // [cluster] Room emits reach the sockets of every node (server/cluster/nats-socket-adapter.ts).
    ...(troupe.cluster ? { adapter: troupe.cluster.socketAdapter() } : {}),
  });
  const interest = roomInterest(io, troupe.cluster?.id);
  io.use((socket, next) => {
    const { auth, headers } = socket.handshake;
    const fromAuth = ZHandshakeAuthSchema.safeParse(auth);
    const presented = fromAuth.success ? fromAuth.data.token : presentedToken(headers);
    if (isAuthorized(options.token, presented)) next();
    else next(new Error('UNAUTHORIZED: a valid token is required'));
  });
  const maxRooms = options.maxRoomsPerSocket ?? DEFAULT_MAX_ROOMS_PER_SOCKET;
  const maxQueuedBytes = options.maxQueuedBytes ?? DEFAULT_MAX_QUEUED_BYTES;
  const beat = () => ({ uptimeS: Math.round((Date.now() - troupe.startedAt) / 1000), at: Date.now() });
  io.on('connection', (socket) => {
    boundBacklog(socket, maxQueuedBytes);
    // A new client learns it is live at once instead of waiting for the next beat.
    socket.emit('system:heartbeat', beat());
    handleSubscriptions(socket, maxRooms, (room) => {
      if (room.startsWith('pipeline:')) void feed.welcome(socket, room.slice('pipeline:'.length));
    });
  });
  const stopBridge = bridgeRuntime(io, troupe, options.history, interest);
  const feed = feedPipelines(io, troupe, interest);
  // This node's heartbeat, to this node's sockets (io.local: not through the cluster adapter).
  const timer = setInterval(() => io.local.emit('system:heartbeat', beat()), options.heartbeatMs);
  timer.unref();
  return {
    io,
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(timer);
        stopBridge();
        feed.stop();
        interest.stop();
        io.close(() => resolve());
      }),
  };
}
