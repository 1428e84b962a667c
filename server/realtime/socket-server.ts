// socket.io on the process's one HTTP server, at /socket.io.
import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import type { Troupe } from '../troupe.ts';
import type { ClientToServerEvents, InterServerEvents, ServerToClientEvents, SocketData } from './events.ts';

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
  });
  const beat = () => ({ uptimeS: Math.round((Date.now() - troupe.startedAt) / 1000), at: Date.now() });
  // A new client learns it is live at once instead of waiting for the next beat.
  io.on('connection', (socket) => socket.emit('system:heartbeat', beat()));
  const timer = setInterval(() => io.emit('system:heartbeat', beat()), options.heartbeatMs);
  timer.unref();
  return {
    io,
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(timer);
        io.close(() => resolve());
      }),
  };
}
