// socket.io on the process's one HTTP server, at /socket.io: heartbeat, subscriptions to rooms,
// and the runtime bridge that feeds those rooms.
import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import type { Troupe } from '../troupe.ts';
import type { ClientToServerEvents, InterServerEvents, ServerToClientEvents, SocketData } from './events.ts';
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
}

export function attachSocketServer(http: HttpServer, troupe: Troupe, options: SocketServerOptions) {
  const io: TroupeSocketServer = new Server(http, {
    path: '/socket.io',
    serveClient: false,
    // Leave other upgrade requests (Next's dev HMR socket) alone.
    destroyUpgrade: false,
    maxHttpBufferSize: 64 * 1024, // clients only send small subscription messages
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
  const timer = setInterval(() => io.emit('system:heartbeat', beat()), options.heartbeatMs);
  timer.unref();
  return {
    io,
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(timer);
        stopBridge();
        io.close(() => resolve());
      }),
  };
}
