// A socket that does not read (a stalled tab, a hostile client that never polls) must not make the
// server buffer for it without end: engine.io keeps every packet for a connection in memory until
// its transport takes them. Past `maxBytes` queued, the connection is dropped and its queue freed;
// the dashboard reconnects and re-joins its rooms, as after any disconnect.
import type { Socket } from 'socket.io';

/** About 10 s of a busy dashboard's traffic; a reader that keeps up never queues more than a few KB. */
export const DEFAULT_MAX_QUEUED_BYTES = 4 * 1024 * 1024;

interface EnginePacket {
  data?: string | Buffer;
}

export function boundBacklog(socket: Socket, maxBytes: number): void {
  const conn = socket.conn;
  let queued = 0;
  let dropping = false;
  conn.on('packetCreate', (packet: EnginePacket) => {
    const data = packet.data;
    queued += typeof data === 'string' ? data.length : (data?.byteLength ?? 0);
    if (queued <= maxBytes || dropping) return;
    dropping = true;
    // Not from inside engine.io's send: it still pushes this packet after the event returns.
    // `close(true)` discards the queue instead of waiting for a drain that will not come.
    setImmediate(() => conn.close(true));
  });
  // The queue was handed to the transport: what is counted from now on is new.
  conn.on('flush', () => {
    queued = 0;
  });
}
