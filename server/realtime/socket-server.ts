// socket.io on the process's one HTTP server, at /socket.io: heartbeat, subscriptions to rooms,
// and the runtime bridge that feeds those rooms.
import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import { isAuthorized, presentedToken } from '../auth.ts';
import type { Troupe } from '../troupe.ts';
import type { ClientToServerEvents, InterServerEvents, ServerToClientEvents, SocketData } from './events.ts';
import { feedPipelines } from './pipeline-feed.ts';
import { roomOf } from './rooms.ts';
import { bridgeRuntime } from './runtime-bridge.ts';

export type TroupeSocketServer = Server<
  ClientToServerEvents,
  ServerToClientEvents,
  InterServerEvents,
  SocketData
>;

export interface SocketServerOptions {
  heartbeatMs: number;
  /** When set, a handshake must carry it (auth.token, Bearer header or the dashboard's cookie). */
  token?: string;
}

export function attachSocketServer(http: HttpServer, troupe: Troupe, options: SocketServerOptions) {
  const io: TroupeSocketServer = new Server(http, {
    path: '/socket.io',
    serveClient: false,
    // Leave other upgrade requests (Next's dev HMR socket) alone.
    destroyUpgrade: false,
    maxHttpBufferSize: 64 * 1024, // clients only send small subscription messages
  });
  io.use((socket, next) => {
    const { auth, headers } = socket.handshake;
    const presented = typeof auth?.token === 'string' ? auth.token : presentedToken(headers);
    if (isAuthorized(options.token, presented)) next();
    else next(new Error('UNAUTHORIZED: a valid token is required'));
  });
  const beat = () => ({ uptimeS: Math.round((Date.now() - troupe.startedAt) / 1000), at: Date.now() });
  io.on('connection', (socket) => {
    // A new client learns it is live at once instead of waiting for the next beat.
    socket.emit('system:heartbeat', beat());
    socket.on('subscribe', (message) => {
      const room = roomOf(message);
      if (room) void socket.join(room);
    });
    socket.on('unsubscribe', (message) => {
      const room = roomOf(message);
      if (room) void socket.leave(room);
    });
  });
  const stopBridge = bridgeRuntime(io, troupe.runtime);
  const stopFeed = feedPipelines(io, troupe);
  const timer = setInterval(() => io.emit('system:heartbeat', beat()), options.heartbeatMs);
  timer.unref();
  return {
    io,
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(timer);
        stopBridge();
        stopFeed();
        io.close(() => resolve());
      }),
  };
}
