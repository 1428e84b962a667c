// A second viewer of a pipeline gets the same backlog as the first: two real socket.io clients, the
// first watching from the start, the second joining after hundreds of outputs (more sensors and
// seconds than any fixed ring holds), must end up charting the same points and listing the same
// latest rows; so must a viewer that joins after a restart (history read back from storage).
import { io as connect, type Socket } from 'socket.io-client';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { serveTroupe, startTempTroupe, type TempTroupe } from '../test-support/temp-troupe.ts';
import type { ClientToServerEvents, ServerToClientEvents, TPipelineUpdate } from './events.ts';
import {
  foldPoints,
  MAX_POINTS,
  pointOf,
  recentOutputs,
  type TOutputEntry,
  type TOutputPoint,
} from './output-history.ts';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

let temp: TempTroupe;
let http: Awaited<ReturnType<typeof serveTroupe>>;
const clients: Client[] = [];

beforeEach(async () => {
  temp = await startTempTroupe();
  http = await serveTroupe(temp.troupe);
});

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await http.stop();
  await temp.close();
});

/** A viewer as the dashboard is one: it starts from its backlog and folds every push after it. */
class Viewer {
  points: TOutputPoint[] = [];
  recent: TOutputEntry[] = [];
  skipped = 0;
  backlogs = 0;
  seqs: number[] = [];

  constructor(readonly socket: Client) {
    socket.on('pipeline:update', (update) => this.apply(update));
  }

  private apply(update: TPipelineUpdate) {
    if (update.backlog) {
      this.backlogs++;
      this.points = [];
      this.recent = [];
      this.skipped = 0;
    }
    const added = update.outputs.map(pointOf).filter((p): p is TOutputPoint => p !== null);
    this.points = foldPoints(this.points, added);
    this.recent = recentOutputs(this.recent, update.outputs);
    this.skipped += update.skippedOutputs;
    this.seqs.push(...update.outputs.map((o) => o.seq));
  }

  get chart() {
    return this.points.map(({ t, sensor, values, seq }) => ({ t, sensor, values, seq }));
  }
}

async function viewer(url: string, id: string): Promise<Viewer> {
  const socket: Client = connect(url, { path: '/socket.io', transports: ['websocket'], forceNew: true });
  clients.push(socket);
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  const watching = new Viewer(socket);
  socket.emit('subscribe', { topic: 'pipeline', id });
  await expect.poll(() => watching.backlogs).toBe(1);
  return watching;
}

/** `count` events over `sensors` sensors, one per sensor and second of event time from `fromS`. */
function events(count: number, sensors: number, fromS: number) {
  return Array.from({ length: count }, (_, i) => ({
    sensorId: `s${i % sensors}`,
    value: i,
    ts: (fromS + Math.floor(i / sensors)) * 1000,
  }));
}

it('a viewer that joins late charts exactly what the first one charts, also after a restart', async () => {
  const { id } = await temp.troupe.pipelines.create({
    name: 'backlog',
    operators: [{ kind: 'reduce', config: { windowSize: 1, fn: 'sum' } }],
  });
  const first = await viewer(http.url, id);
  expect(first.chart).toEqual([]);

  // 30 sensors over 30 s of event time, in batches the feed pushes separately.
  for (let batch = 0; batch < 6; batch++) {
    await temp.troupe.pipelines.publish(id, events(150, 30, 1_000 + batch * 5));
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await expect.poll(() => first.seqs.length).toBe(900);
  const second = await viewer(http.url, id);
  expect(first.chart.length).toBeGreaterThan(100); // more than a ring of recent outputs would hold
  expect(second.chart).toEqual(first.chart);
  expect(second.recent).toEqual(first.recent);

  // Both go on folding the same pushes, including a jump in event time that drops old seconds.
  await temp.troupe.pipelines.publish(id, events(90, 30, 1_000 + 200));
  await expect.poll(() => first.seqs.length).toBe(990);
  await expect.poll(() => second.chart).toEqual(first.chart);
  expect(first.chart.every((p) => p.t > 1_200 - 120)).toBe(true);
  expect(first.chart.length).toBeLessThanOrEqual(MAX_POINTS);
  expect(second.recent).toEqual(first.recent);
  expect(second.skipped).toBe(first.skipped);

  // A restart empties the server's memory: the history comes back from the stored outputs.
  const final = first.chart;
  const finalRecent = first.recent;
  await http.stop();
  await temp.restart();
  http = await serveTroupe(temp.troupe);
  const third = await viewer(http.url, id);
  expect(third.chart).toEqual(final);
  expect(third.recent).toEqual(finalRecent);
}, 30_000);
