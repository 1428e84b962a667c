// system.recentMetrics and system.recentLifecycle over the real HTTP server, against what the same
// server pushes over socket.io: one series, so a page can load the past and continue live.
import { io as connect, type Socket } from 'socket.io-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type {
  ClientToServerEvents,
  ServerToClientEvents,
  TLifecycleBatch,
  TMetricsTick,
} from '../realtime/events.ts';
import { codeOf } from '../test-support/served-troupe.ts';
import {
  createTroupeClient,
  serveTroupe,
  startTempTroupe,
  type TempTroupe,
} from '../test-support/temp-troupe.ts';

let temp: TempTroupe;
let http: Awaited<ReturnType<typeof serveTroupe>>;
let socket: Socket<ServerToClientEvents, ClientToServerEvents> | undefined;

beforeEach(async () => {
  temp = await startTempTroupe();
  http = await serveTroupe(temp.troupe, { token: 'history-token' });
});
afterEach(async () => {
  socket?.close();
  await http.stop();
  await temp.close();
});

const client = () => createTroupeClient({ url: http.url, token: 'history-token' });

async function openSocket() {
  socket = connect(http.url, {
    path: '/socket.io',
    transports: ['websocket'],
    forceNew: true,
    auth: { token: 'history-token' },
  });
  await new Promise<void>((resolve) => socket!.once('connect', () => resolve()));
  return socket;
}

describe('system.recent*', () => {
  it('serves the ticks already taken, the same samples that were pushed live', async () => {
    const live = await openSocket();
    const pushed: TMetricsTick[] = [];
    live.on('metrics:tick', (tick) => pushed.push(tick));
    live.emit('subscribe', { topic: 'overview' });
    await temp.troupe.runtime.get('counter', 'hist-1').ask('increment');
    await expect.poll(() => pushed.length, { timeout: 5000 }).toBeGreaterThanOrEqual(2);

    const recent = await client().system.recentMetrics.query();
    expect(recent.intervalMs).toBe(1000);
    // Every pushed sample is in the history (one more may have been taken since).
    expect(recent.ticks.slice(0, pushed.length)).toEqual(pushed.slice(0, recent.ticks.length));
    expect(recent.summary.residentsByType).toEqual([{ type: 'counter', count: 1 }]);
    expect(recent.summary.pipelines).toEqual({ running: 0, stopped: 0 });
  });

  it('serves the newest transitions with the numbers and epoch the live feed carries', async () => {
    const live = await openSocket();
    const batches: TLifecycleBatch[] = [];
    live.on('lifecycle:batch', (batch) => batches.push(batch));
    live.emit('subscribe', { topic: 'lifecycle' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await temp.troupe.runtime.get('counter', 'hist-2').ask('increment');
    await temp.troupe.runtime.deactivate('counter', 'hist-2');
    await expect.poll(() => batches.flatMap((b) => b.events).length, { timeout: 5000 }).toBe(4);

    const recent = await client().system.recentLifecycle.query({ limit: 3 });
    const pushed = batches.flatMap((b) => b.events);
    expect(batches.every((b) => b.epoch === recent.epoch)).toBe(true);
    expect(recent.events).toEqual(pushed.slice(-3).reverse());
    expect(recent.events.map((e) => e.transition)).toEqual(['deactivated', 'deactivating', 'activated']);
  });

  it('needs the token like every control-plane read', async () => {
    const anonymous = createTroupeClient({ url: http.url });
    expect(codeOf(await anonymous.system.recentMetrics.query().catch((e) => e))).toBe('UNAUTHORIZED');
    expect(codeOf(await anonymous.system.recentLifecycle.query().catch((e) => e))).toBe('UNAUTHORIZED');
    expect(
      codeOf(
        await client()
          .system.recentLifecycle.query({ limit: 0 })
          .catch((e) => e),
      ),
    ).toBe('BAD_REQUEST');
  });
});
