// The WebSocket wire's endpoint: upgrades on /api/ws (behind the request guard's Origin/Host policy
// like every route) become WireConnections sharing one subscription hub. `close()` tells every
// client to go away (1001: reconnect elsewhere or later) once the runtime has drained.
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import { presentedToken } from '../auth.ts';
import type { Runtime } from '../runtime/runtime.ts';
import { CLOSE, WIRE_PATH } from './protocol.ts';
import { SubscriptionHub } from './subscription-hub.ts';
import { WireConnection, type WireLimits } from './wire-connection.ts';

export const DEFAULT_WIRE_LIMITS: WireLimits = {
  maxInFlight: 1_024,
  maxSubscriptions: 256,
  softBufferBytes: 1 << 20,
  hardBufferBytes: 8 << 20,
};

/** A frame larger than this closes the connection (1009): calls carry args, not files. */
const MAX_FRAME_BYTES = 1 << 20;

export interface WireServer {
  readonly clients: number;
  /** The open connections (tests drop them to simulate a network failure). */
  sockets(): Iterable<WebSocket>;
  close(): void;
}

export function attachWire(
  http: Server,
  runtime: Runtime,
  options: {
    token?: string;
    limits?: Partial<WireLimits>;
    logError(context: Record<string, unknown>, message: string): void;
  },
): WireServer {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES, perMessageDeflate: false });
  const hub = new SubscriptionHub(runtime);
  const limits = { ...DEFAULT_WIRE_LIMITS, ...options.limits };
  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (req.url ?? '').split('?', 1)[0]!;
    if (!path.startsWith(WIRE_PATH)) return; // socket.io's (the guard refused the others)
    if (path !== WIRE_PATH) {
      // The guard admits upgrades by prefix: one under /api/ws that is not the wire would be held
      // open by no one.
      socket.end('HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.binaryType = 'nodebuffer';
      const deps = { runtime, hub, token: options.token, limits, logError: options.logError };
      new WireConnection(ws, deps, presentedToken(req.headers));
    });
  });
  return {
    get clients() {
      return wss.clients.size;
    },
    sockets: () => wss.clients,
    close() {
      for (const ws of wss.clients) ws.close(CLOSE.GOING_AWAY, 'server shutting down');
      hub.stop();
      wss.close();
    },
  };
}
