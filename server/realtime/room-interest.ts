// Which rooms someone watches, cluster-wide. An actor's events happen on the node that runs it and
// a pipeline's on its home, but the browser watching them may be connected to any node: each node
// tells the others, once a second over the socket.io adapter (NATS), which rooms its sockets are
// in, and a node emits to a room (reaching every node's sockets through the adapter) while anyone
// anywhere watches it. One node: only its own sockets count.
import type { TroupeSocketServer } from './socket-server.ts';

const SHARE_EVERY_MS = 1_000;
/** A node's interest is forgotten after this long without news (it died or left). */
const FORGET_AFTER_MS = 3_500;

export interface RoomInterest {
  watched(room: string): boolean;
  /** Every room watched somewhere (with a member here, or named by another node). */
  rooms(): Set<string>;
  stop(): void;
}

export function roomInterest(io: TroupeSocketServer, node: string | undefined): RoomInterest {
  const local = io.sockets.adapter.rooms;
  const localWatched = (room: string) => (local.get(room)?.size ?? 0) > 0;
  if (node === undefined) {
    return {
      watched: localWatched,
      rooms: () => new Set([...local].filter(([, members]) => members.size > 0).map(([room]) => room)),
      stop: () => {},
    };
  }
  const remote = new Map<string, { rooms: Set<string>; at: number }>();
  io.on('troupe:rooms', (from, rooms) => {
    if (from !== node) remote.set(from, { rooms: new Set(rooms), at: Date.now() });
  });
  const ownRooms = () =>
    [...local].filter(([room, members]) => members.size > 0 && !members.has(room)).map(([room]) => room);
  const timer = setInterval(() => {
    io.serverSideEmit('troupe:rooms', node, ownRooms());
    const now = Date.now();
    for (const [from, interest] of remote) if (now - interest.at > FORGET_AFTER_MS) remote.delete(from);
  }, SHARE_EVERY_MS);
  timer.unref();
  return {
    watched: (room) => localWatched(room) || [...remote.values()].some((r) => r.rooms.has(room)),
    rooms: () => {
      const all = new Set(ownRooms());
      for (const interest of remote.values()) for (const room of interest.rooms) all.add(room);
      return all;
    },
    stop: () => clearInterval(timer),
  };
}
