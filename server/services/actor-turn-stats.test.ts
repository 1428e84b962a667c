// Per-actor turn rate and latency: counted from bus events for resident actors only (a record per
// actor that ran a turn, dropped on deactivation), read by actors.get and pushed to the actor's room.
import { io as connect } from 'socket.io-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TActorUpdate } from '../realtime/events.ts';
import type { TurnEvent } from '../runtime/events.ts';
import { serveTroupe, startTempTroupe, type TempTroupe } from '../test-support/temp-troupe.ts';
import { ActorTurnStats, actorTurnStats, LATENCY_SAMPLES, RATE_BUCKET_MS } from './actor-turn-stats.ts';
import { inspectActor } from './inspect-actor.ts';

const turn = (at: number, durationMs: number, ok = true): TurnEvent => ({
  kind: 'turn',
  type: 't',
  key: 'k',
  action: 'a',
  ok,
  version: 1,
  durationMs,
  at,
});

describe('ActorTurnStats', () => {
  it('estimates the rate over the last bucket, decays to 0, and keeps the latest latencies', () => {
    let now = 1_000_000;
    const stats = new ActorTurnStats(() => now);
    expect(stats.of('t', 'k')).toBeNull();
    // 50 turns/s for two buckets: 1 to 99 ms, then 40 fast ones.
    for (let i = 0; i < (2 * RATE_BUCKET_MS) / 20; i++) {
      stats.onEvent(turn(now, i < 60 ? 1 + i : 0.5, i % 10 !== 0));
      now += 20;
    }
    const busy = stats.of('t', 'k');
    expect(busy?.turnsPerSec).toBeGreaterThan(45);
    expect(busy?.turnsPerSec).toBeLessThan(55);
    expect(busy).toMatchObject({
      source: 'live',
      turns: 500,
      failed: 50,
      samples: LATENCY_SAMPLES,
      p50Ms: 0.5,
    });
    now += RATE_BUCKET_MS * 2;
    expect(stats.of('t', 'k')?.turnsPerSec).toBe(0);
  });

  it('forgets an actor when it deactivates', () => {
    const stats = new ActorTurnStats(() => 0);
    stats.onEvent(turn(0, 1));
    expect(stats.size).toBe(1);
    stats.onEvent({
      kind: 'lifecycle',
      type: 't',
      key: 'k',
      transition: 'deactivated',
      reason: 'idle',
      at: 1,
    });
    expect(stats.size).toBe(0);
    expect(stats.of('t', 'k')).toBeNull();
  });
});

describe('turn stats of a real actor', () => {
  let temp: TempTroupe;
  beforeEach(async () => {
    temp = await startTempTroupe();
  });
  afterEach(async () => {
    await temp.close();
  });

  it('are live while resident, pushed to the actor room, and from the journal once deactivated', async () => {
    const http = await serveTroupe(temp.troupe);
    const socket = connect(http.url, { path: '/socket.io', transports: ['websocket'], forceNew: true });
    try {
      const updates: TActorUpdate[] = [];
      socket.on('actor:update', (u) => updates.push(u));
      await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
      socket.emit('subscribe', { topic: 'actor', type: 'counter', key: 'busy' });
      await new Promise((resolve) => setTimeout(resolve, 50));
      const ref = temp.troupe.runtime.get('counter', 'busy');
      for (let i = 0; i < 40; i++) await ref.ask('increment', { by: 1 });
      const live = await inspectActor(temp.troupe, { type: 'counter', key: 'busy' });
      expect(live.turnStats).toMatchObject({
        source: 'live',
        turns: 40,
        failed: 0,
        samples: LATENCY_SAMPLES,
      });
      expect(live.turnStats?.turnsPerSec).toBeGreaterThan(0);
      await expect.poll(() => updates.at(-1)?.turnStats?.turns).toBe(40);

      await temp.troupe.runtime.deactivate('counter', 'busy');
      expect(actorTurnStats(temp.troupe.runtime).of('counter', 'busy')).toBeNull();
      const stored = await inspectActor(temp.troupe, { type: 'counter', key: 'busy' });
      expect(stored.turnStats).toMatchObject({ source: 'journal', turnsPerSec: 0, samples: 40, turns: null });
      expect(stored.turnStats?.p99Ms).toBeGreaterThanOrEqual(stored.turnStats?.p50Ms ?? 0);
    } finally {
      socket.close();
      await http.stop();
    }
  });
});
