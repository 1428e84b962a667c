// Joining and leaving rooms at a client's request. Every message is validated (rooms.ts: zod, room
// names kept in socket.io's Maps and Sets, never plain-object keys) and answered: through its ack
// when the client sent one, else with a `subscription:error` event. A socket is in at most
// `maxRooms` rooms, so one client cannot make the server track (and feed) an unbounded number.
import type { Socket } from 'socket.io';
import type {
  ClientToServerEvents,
  InterServerEvents,
  ServerToClientEvents,
  SocketData,
  TRoom,
  TSubscriptionAck,
} from './events.ts';
import { roomOf } from './rooms.ts';

/** Enough for every view of a dashboard (a few rooms each) many times over. */
export const DEFAULT_MAX_ROOMS_PER_SOCKET = 256;

type TroupeSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

const NOT_A_SUBSCRIPTION: TSubscriptionAck = {
  ok: false,
  code: 'BAD_REQUEST',
  message:
    'not a subscription: expected {topic: "lifecycle" | "overview" | "types"}, {topic: "actor", type, key} or {topic: "pipeline", id}',
};

export function handleSubscriptions(
  socket: TroupeSocket,
  maxRooms: number,
  onJoined: (room: TRoom) => void = () => {},
): void {
  // socket.rooms always holds the socket's own id as a room.
  const joined = () => socket.rooms.size - 1;
  // Arguments are whatever the client sent: socket.io appends an ack function only when asked for one.
  socket.on('subscribe', (...args: unknown[]) => {
    const reply = replierFor(socket, args);
    const room = roomOf(args[0]);
    if (!room) return reply(NOT_A_SUBSCRIPTION);
    if (!socket.rooms.has(room) && joined() >= maxRooms) {
      return reply({
        ok: false,
        code: 'TOO_MANY_ROOMS',
        message: `a socket may be in at most ${maxRooms} rooms; unsubscribe from one first`,
      });
    }
    const isNew = !socket.rooms.has(room);
    void socket.join(room);
    reply({ ok: true, rooms: joined() });
    if (isNew) onJoined(room);
  });
  socket.on('unsubscribe', (...args: unknown[]) => {
    const reply = replierFor(socket, args);
    const room = roomOf(args[0]);
    if (!room) return reply(NOT_A_SUBSCRIPTION);
    void socket.leave(room);
    reply({ ok: true, rooms: joined() });
  });
}

function replierFor(socket: TroupeSocket, args: unknown[]) {
  const ack = args.at(-1);
  return (answer: TSubscriptionAck) => {
    if (typeof ack === 'function') ack(answer);
    else if (!answer.ok) socket.emit('subscription:error', answer);
  };
}
