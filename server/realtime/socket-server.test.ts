// Real socket.io clients against the real HTTP server: heartbeat, rooms, throttling, bad messages.
import { io as connect, type Socket } from 'socket.io-client';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { serveTroupe, startTempTroupe, type TempTroupe } from '../test-support/temp-troupe.ts';
import type { ClientToServerEvents, ServerToClientEvents, TActorUpdate, TLifecycleBatch } from './events.ts';

let temp: TempTroupe;
let http: Awaited<ReturnType<typeof serveTroupe>>;
let socket: Socket<ServerToClientEvents, ClientToServerEvents>;

beforeEach(async () => {
  temp = await startTempTroupe();
  http = await serveTroupe(temp.troupe);
  socket = connect(http.url, { path: '/socket.io', transports: ['websocket'], forceNew: true });
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
});

afterEach(async () => {
  socket.close();
  await http.stop();
  await temp.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

it('sends a heartbeat with uptime', async () => {
  const beat = await new Promise<{ uptimeS: number }>((resolve) => socket.once('system:heartbeat', resolve));
  expect(beat.uptimeS).toBeGreaterThanOrEqual(0);
});

it('pushes throttled actor updates to the actor room: 500 turns arrive as a handful of messages', async () => {
  const updates: TActorUpdate[] = [];
  socket.on('actor:update', (u) => updates.push(u));
  socket.emit('subscribe', { topic: 'actor', type: 'counter', key: 'live' });
  await sleep(50);
  const ref = temp.troupe.runtime.get('counter', 'live');
  await Promise.all(Array.from({ length: 500 }, () => ref.ask('increment')));
  await sleep(300);
  expect(updates.length).toBeGreaterThan(0);
  expect(updates.length).toBeLessThanOrEqual(5);
  const last = updates.at(-1)!;
  expect(last).toMatchObject({
    type: 'counter',
    key: 'live',
    status: 'active',
    version: 500,
    state: { count: 500 },
  });
  expect(last.turns.length).toBeLessThanOrEqual(20);
});

it('streams lifecycle transitions to the firehose and ignores malformed subscriptions', async () => {
  const batches: TLifecycleBatch[] = [];
  socket.on('lifecycle:batch', (b) => batches.push(b));
  // Malformed messages: ignored, the connection stays up.
  (socket as unknown as Socket).emit('subscribe', { topic: 'actor', type: 42 });
  (socket as unknown as Socket).emit('subscribe', 'nonsense');
  (socket as unknown as Socket).emit('unknown-event', { a: 1 });
  socket.emit('subscribe', { topic: 'lifecycle' });
  await sleep(50);
  await temp.troupe.runtime.get('counter', 'fire').ask('increment');
  await temp.troupe.runtime.deactivate('counter', 'fire');
  await sleep(300);
  const transitions = batches
    .flatMap((b) => b.events)
    .filter((e) => e.key === 'fire')
    .map((e) => e.transition);
  expect(transitions).toEqual(['activating', 'activated', 'deactivating', 'deactivated']);
  expect(socket.connected).toBe(true);
});
