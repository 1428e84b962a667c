// The event bus is the only live path: broadcasts, turn inputs and results, and pipeline outputs
// reach live views from bus events (bounded in size), never by polling or re-reading; every viewer
// of a pipeline starts with the same history, whenever it joins.
import { io as connect, type Socket } from 'socket.io-client';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { z } from 'zod';
import { defineActor } from '../runtime/definition.ts';
import { serveTroupe, startTempTroupe, type TempTroupe } from '../test-support/temp-troupe.ts';
import type { ClientToServerEvents, ServerToClientEvents, TActorUpdate, TPipelineUpdate } from './events.ts';
import { MAX_PUSHED_VALUE_CHARS } from './runtime-bridge.ts';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

const room = defineActor({
  type: 'room-test',
  state: () => ({ posts: 0 }),
  actions: {
    post: {
      input: z.object({ text: z.string() }),
      handler: (ctx, { text }) => {
        ctx.state.posts++;
        ctx.broadcast('message', { text });
        return { posts: ctx.state.posts, echo: text };
      },
    },
  },
});

let temp: TempTroupe;
let http: Awaited<ReturnType<typeof serveTroupe>>;
const clients: Client[] = [];

beforeEach(async () => {
  temp = await startTempTroupe({ types: [room] });
  http = await serveTroupe(temp.troupe);
});

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await http.stop();
  await temp.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function client(): Promise<Client> {
  const socket: Client = connect(http.url, { path: '/socket.io', transports: ['websocket'], forceNew: true });
  clients.push(socket);
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  return socket;
}

it('pushes broadcasts, and turns with their args and result, bounded in size', async () => {
  const socket = await client();
  const updates: TActorUpdate[] = [];
  socket.on('actor:update', (u) => updates.push(u));
  socket.emit('subscribe', { topic: 'actor', type: 'room-test', key: 'lobby' });
  await sleep(50);
  const ref = temp.troupe.runtime.get('room-test', 'lobby');
  await ref.ask('post', { text: 'hello' });
  await ref.ask('post', { text: 'x'.repeat(MAX_PUSHED_VALUE_CHARS * 2) });
  await sleep(300);
  const broadcasts = updates.flatMap((u) => u.broadcasts);
  expect(broadcasts[0]).toMatchObject({ event: 'message', payload: { text: 'hello' } });
  expect(broadcasts[1]?.payload).toMatchObject({ omitted: expect.stringMatching(/characters/) });
  const turns = updates.flatMap((u) => u.turns);
  expect(turns[0]).toMatchObject({
    action: 'post',
    args: { text: 'hello' },
    result: { posts: 1, echo: 'hello' },
  });
  expect(turns[1]?.args).toMatchObject({ omitted: expect.any(String) });
});

it('pipeline viewers get outputs from the bus, and a late viewer starts with the same history', async () => {
  const { id } = await temp.troupe.pipelines.create({
    name: 'live path',
    operators: [{ kind: 'reduce', config: { windowSize: 1, fn: 'sum' } }],
  });
  const first = await client();
  const seen: TPipelineUpdate[] = [];
  first.on('pipeline:update', (u) => seen.push(u));
  first.emit('subscribe', { topic: 'pipeline', id });
  await sleep(100);
  const events = Array.from({ length: 30 }, (_, i) => ({ sensorId: `s${i % 3}`, value: i, ts: 1000 + i }));
  await temp.troupe.pipelines.publish(id, events);
  await sleep(400);
  const firstSeqs = seen.flatMap((u) => u.outputs.map((o) => o.seq));
  expect(firstSeqs).toEqual(Array.from({ length: 30 }, (_, i) => i + 1)); // each once, in order

  const late = await client();
  const welcome = new Promise<TPipelineUpdate>((resolve) => late.once('pipeline:update', resolve));
  late.emit('subscribe', { topic: 'pipeline', id });
  const backlog = await welcome;
  // All 30 fall in one second of event time: the chart keeps the newest of each sensor (seqs 28 to
  // 30), the rows the latest 8; the backlog is what rebuilds both (pipeline-backlog.test.ts).
  expect(backlog.backlog).toBe(true);
  expect(backlog.outputs.map((o) => o.seq)).toEqual(firstSeqs.slice(-8));
  expect(backlog.outputs.at(-1)?.output).toMatchObject({ sensorId: 's2', sum: 29 });
});

it('announces type changes (register, redeploy) to the types room, once per type per flush', async () => {
  const socket = await client();
  const changes: string[][] = [];
  socket.on('types:changed', (change) => changes.push(change.types));
  const outsider = await client();
  const unseen: unknown[] = [];
  outsider.on('types:changed', (change) => unseen.push(change));
  socket.emit('subscribe', { topic: 'types' });
  await sleep(50);
  const { runtime } = temp.troupe;
  runtime.registerType(defineActor({ ...room, type: 'room-two' }));
  await runtime.replaceType(defineActor({ ...room }));
  await runtime.replaceType(defineActor({ ...room }));
  await expect.poll(() => changes.flat().sort()).toEqual(['room-test', 'room-two']);
  await sleep(250);
  expect(changes.flat()).toHaveLength(2);
  expect(unseen).toEqual([]); // not subscribed: nothing pushed
});
