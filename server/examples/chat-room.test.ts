// actors/chat-room.ts behind the real HTTP server: posts reach a real socket.io client subscribed
// to the room's actor room as `message` broadcasts (and not a client watching another room); the
// history is bounded; inputs are strict.
import { TRPCClientError } from '@trpc/client';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTroupeClient } from '../../client/index.ts';
import type { ClientToServerEvents, ServerToClientEvents, TActorUpdate } from '../realtime/events.ts';
import { codeOf } from '../test-support/served-troupe.ts';
import { serveTroupe, type TempTroupe } from '../test-support/temp-troupe.ts';
import { startExampleTroupe, until } from './example-troupe.ts';

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

interface Message {
  user: string;
  text: string;
  at: number;
}

let temp: TempTroupe;
let served: Awaited<ReturnType<typeof serveTroupe>>;
const sockets: ClientSocket[] = [];

beforeAll(async () => {
  temp = await startExampleTroupe();
  served = await serveTroupe(temp.troupe);
});
afterAll(async () => {
  for (const socket of sockets) socket.close();
  await served.stop();
  await temp.close();
});

/** A socket.io client subscribed (acknowledged) to one chat room's actor room, collecting its updates. */
async function watchRoom(key: string): Promise<TActorUpdate[]> {
  const socket: ClientSocket = connect(served.url, {
    path: '/socket.io',
    transports: ['websocket'],
    forceNew: true,
  });
  sockets.push(socket);
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  const updates: TActorUpdate[] = [];
  socket.on('actor:update', (update) => updates.push(update));
  const ack = await new Promise((resolve) =>
    socket.emit('subscribe', { topic: 'actor', type: 'chat-room', key }, resolve),
  );
  expect(ack).toMatchObject({ ok: true });
  return updates;
}

const messagesIn = (updates: TActorUpdate[]) =>
  updates
    .flatMap((u) => u.broadcasts)
    .filter((b) => b.event === 'message')
    .map((b) => b.payload);

describe('chat-room', () => {
  it('broadcasts every post as a `message` event to the sockets in its actor room', async () => {
    const lobby = await watchRoom('lobby');
    const elsewhere = await watchRoom('elsewhere');
    const room = createTroupeClient(served.url).actor('chat-room', 'lobby');
    const first = (await room.ask('post', { user: 'ada', text: 'hello' })) as Message;
    const second = (await room.ask('post', { user: 'grace', text: '  hi there  ' })) as Message;
    expect(first).toEqual({ user: 'ada', text: 'hello', at: expect.any(Number) });
    expect(second.text).toBe('hi there'); // trimmed by the schema

    const received = await until('two messages on the socket', () => {
      const payloads = messagesIn(lobby);
      return payloads.length >= 2 && payloads;
    });
    expect(received).toEqual([first, second]);
    expect(lobby.at(-1)).toMatchObject({
      type: 'chat-room',
      key: 'lobby',
      state: { messages: [first, second] },
    });
    expect(messagesIn(elsewhere)).toEqual([]);
    expect(await room.ask('history', { limit: 1 })).toEqual([second]);
    expect(await room.ask('history', {})).toEqual([first, second]);
  });

  it('keeps the newest 200 messages', async () => {
    const room = createTroupeClient(served.url).actor('chat-room', 'busy');
    for (let i = 0; i < 205; i++) await room.ask('post', { user: 'bot', text: `#${i}` });
    const history = (await room.ask('history', { limit: 200 })) as Message[];
    expect(history).toHaveLength(200);
    expect(history[0]!.text).toBe('#5');
    expect(history.at(-1)!.text).toBe('#204');
  });

  it('refuses malformed posts with BAD_REQUEST and broadcasts nothing for them', async () => {
    const updates = await watchRoom('strict');
    const room = createTroupeClient(served.url).actor('chat-room', 'strict');
    for (const args of [
      { user: '', text: 'x' },
      { user: '   ', text: 'x' },
      { user: 'u'.repeat(41), text: 'x' },
      { user: 'u', text: 'x'.repeat(1_001) },
      { user: 'u', text: 'x', room: 'other' },
      { user: 'u' },
    ]) {
      // Invalid on purpose: the typed client would refuse these at compile time.
      const error = await room.ask('post', args as { user: string; text: string }).catch((e: unknown) => e);
      expect(error, JSON.stringify(args)).toBeInstanceOf(TRPCClientError);
      expect(codeOf(error)).toBe('BAD_REQUEST');
    }
    await expect(room.ask('history', { limit: 0 })).rejects.toBeInstanceOf(TRPCClientError);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(messagesIn(updates)).toEqual([]);
  });
});
