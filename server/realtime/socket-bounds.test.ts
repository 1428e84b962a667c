// Bounded sockets, with real socket.io clients against the real server: one socket is in at most
// maxRooms rooms (beyond: a typed refusal, by ack or by event), every subscription payload is
// validated (room names are client strings, including `__proto__` and friends), and a client that
// stops reading is dropped once its queue passes maxQueuedBytes instead of growing the server.
import { io as connect, type Socket } from 'socket.io-client';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createTroupeServer, type TroupeServer } from '../http-server.ts';
import { rawRequest } from '../test-support/raw-http.ts';
import { startTempTroupe, type TempTroupe } from '../test-support/temp-troupe.ts';
import type {
  ClientToServerEvents,
  ServerToClientEvents,
  TSubscriptionAck,
  TSubscriptionRefusal,
} from './events.ts';

const MAX_ROOMS = 16;
let temp: TempTroupe;
let server: TroupeServer;
let port: number;
let socket: Socket<ServerToClientEvents, ClientToServerEvents>;

beforeEach(async () => {
  temp = await startTempTroupe();
  server = createTroupeServer(temp.troupe, { heartbeatMs: 200, maxRoomsPerSocket: MAX_ROOMS });
  port = await server.listen(0, '127.0.0.1');
  socket = connect(`http://127.0.0.1:${port}`, {
    path: '/socket.io',
    transports: ['websocket'],
    forceNew: true,
  });
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
});

afterEach(async () => {
  socket.close();
  await server.stopAccepting();
  server.closeConnections();
  await temp.close();
});

const subscribe = (subscription: unknown) =>
  socket.timeout(2_000).emitWithAck('subscribe', subscription as never) as Promise<TSubscriptionAck>;
const unsubscribe = (subscription: unknown) =>
  socket.timeout(2_000).emitWithAck('unsubscribe', subscription as never) as Promise<TSubscriptionAck>;

/** Rooms the server holds besides each socket's own id room. */
const serverRooms = () =>
  [...server.io.sockets.adapter.rooms.keys()].filter((room) => !server.io.sockets.sockets.has(room));

it('a socket joins at most maxRooms rooms; beyond, TOO_MANY_ROOMS by ack and by event', async () => {
  const dangerous = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'];
  const ids = [...dangerous, ...Array.from({ length: MAX_ROOMS - dangerous.length }, (_, i) => `p-${i}`)];
  for (const [i, id] of ids.entries()) {
    expect(await subscribe({ topic: 'pipeline', id })).toEqual({ ok: true, rooms: i + 1 });
  }
  expect(await subscribe({ topic: 'pipeline', id: '__proto__' })).toEqual({ ok: true, rooms: MAX_ROOMS }); // already in it
  const refused = await subscribe({ topic: 'actor', type: 'counter', key: 'one-too-many' });
  expect(refused).toMatchObject({ ok: false, code: 'TOO_MANY_ROOMS' });
  expect((refused as TSubscriptionRefusal).message).toMatch(`at most ${MAX_ROOMS} rooms`);

  // Without an ack, the refusal comes as an event.
  const event = new Promise<TSubscriptionRefusal>((resolve) => socket.once('subscription:error', resolve));
  socket.emit('subscribe', { topic: 'lifecycle' });
  expect(await event).toMatchObject({ ok: false, code: 'TOO_MANY_ROOMS' });

  // A client flooding subscriptions changes nothing on the server.
  for (let i = 0; i < 5_000; i++) socket.emit('subscribe', { topic: 'pipeline', id: `flood-${i}` });
  expect(await unsubscribe({ topic: 'pipeline', id: 'constructor' })).toEqual({
    ok: true,
    rooms: MAX_ROOMS - 1,
  });
  expect(serverRooms()).toHaveLength(MAX_ROOMS - 1);
  expect(await subscribe({ topic: 'overview' })).toEqual({ ok: true, rooms: MAX_ROOMS });
  expect(serverRooms().sort()).toEqual(
    [...ids.filter((id) => id !== 'constructor').map((id) => `pipeline:${id}`), 'overview'].sort(),
  );
  expect(socket.connected).toBe(true);
});

it('every malformed subscription is answered BAD_REQUEST and joins nothing', async () => {
  const malformed: unknown[] = [
    undefined,
    null,
    'lifecycle',
    42,
    [],
    { topic: '__proto__' },
    { topic: 'actor', type: 'counter' },
    { topic: 'actor', type: 42, key: 'k' },
    { topic: 'actor', type: '', key: 'k' },
    { topic: 'pipeline', id: 'x'.repeat(65) },
    { topic: 'pipeline', id: { toString: 'x' } },
    JSON.parse('{"__proto__": {"topic": "lifecycle"}}'),
  ];
  for (const message of malformed) {
    expect(await subscribe(message), JSON.stringify(message)).toMatchObject({
      ok: false,
      code: 'BAD_REQUEST',
    });
    expect(await unsubscribe(message)).toMatchObject({ ok: false, code: 'BAD_REQUEST' });
  }
  // An ack with no payload at all is answered too.
  const bare = await (socket.timeout(2_000) as unknown as Socket).emitWithAck('subscribe');
  expect(bare).toMatchObject({ ok: false, code: 'BAD_REQUEST' });
  expect(serverRooms()).toEqual([]);
  expect(socket.connected).toBe(true);
});

it('a client that stops reading is dropped once its queue passes maxQueuedBytes; a reader that keeps up stays', async () => {
  const small = createTroupeServer(temp.troupe, { heartbeatMs: 100, maxSocketQueuedBytes: 16 * 1024 });
  const smallPort = await small.listen(0, '127.0.0.1');
  try {
    // A raw engine.io polling client: it connects, joins an actor room, then never polls again.
    const handshake = await rawRequest(smallPort, { path: '/socket.io/?EIO=4&transport=polling' });
    const sid = JSON.parse(handshake.body.slice(1)).sid as string;
    const post = (body: string) =>
      rawRequest(smallPort, { method: 'POST', path: `/socket.io/?EIO=4&transport=polling&sid=${sid}`, body });
    expect((await post('40')).status).toBe(200);
    expect((await post('42["subscribe",{"topic":"actor","type":"counter","key":"busy"}]')).status).toBe(200);
    const [stalled, ...others] = [...small.io.sockets.sockets.values()];
    expect(stalled).toBeDefined();
    expect(others).toEqual([]);
    const closed = new Promise<string>((resolve) =>
      stalled!.conn.once('close', (reason: string) => resolve(reason)),
    );

    // A reader that keeps up, in the same room, keeps receiving.
    const reader: Socket<ServerToClientEvents, ClientToServerEvents> = connect(
      `http://127.0.0.1:${smallPort}`,
      {
        path: '/socket.io',
        transports: ['websocket'],
        forceNew: true,
      },
    );
    await new Promise<void>((resolve) => reader.once('connect', () => resolve()));
    await reader.timeout(2_000).emitWithAck('subscribe', { topic: 'actor', type: 'counter', key: 'busy' });
    let updates = 0;
    reader.on('actor:update', () => updates++);

    const ref = temp.troupe.runtime.get('counter', 'busy');
    let stop = false;
    const load = (async () => {
      while (!stop) await Promise.all(Array.from({ length: 20 }, () => ref.ask('increment')));
    })();
    const reason = await Promise.race([
      closed,
      new Promise((r) => setTimeout(() => r('still open'), 15_000)),
    ]);
    const updatesAtDrop = updates;
    await new Promise((resolve) => setTimeout(resolve, 300));
    stop = true;
    await load;
    expect(reason).toBe('forced close');
    expect(small.io.engine.clientsCount).toBe(1); // the reader only
    expect(reader.connected).toBe(true);
    expect(updates).toBeGreaterThan(updatesAtDrop); // still fed after the stalled one was dropped
    reader.close();
  } finally {
    await small.stopAccepting();
    small.closeConnections();
  }
}, 30_000);
