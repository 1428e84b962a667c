// Typed socket.io event maps shared by the server and the dashboard (type-only imports on the client).
// @see https://socket.io/docs/v4/typescript/

export interface THeartbeat {
  uptimeS: number;
  at: number;
}

export interface ServerToClientEvents {
  'system:heartbeat': (beat: THeartbeat) => void;
}

export type ClientToServerEvents = Record<string, never>;

export type InterServerEvents = Record<string, never>;

export type SocketData = Record<string, never>;
