import { describe, expect, it } from 'vitest';
import type { TMetricsTick, TSequencedLifecycleEvent } from '@/server/realtime/events.ts';
import { EMPTY_FEED, errorsBetween, FEED_ROWS, mergeFeed, mergeTicks } from './overview-history.ts';

const tick = (at: number, turns = 0, errors = 0): TMetricsTick => ({
  at,
  residentActivations: 0,
  turnsPerSec: turns,
  failedTurnsPerSec: 0,
  activationsPerSec: 0,
  deactivationsPerSec: 0,
  mailboxDepth: 0,
  commitBatchSize: 0,
  commitMs: 0,
  turnP50Ms: null,
  turnP95Ms: null,
  turnP99Ms: null,
  pipelineEventsPerSec: 0,
  pipelinesRunning: 0,
  errorsTotal: { turns: errors, activations: 0, overloaded: 0, timeouts: 0 },
});

const event = (seq: number, key = 'k'): TSequencedLifecycleEvent => ({
  kind: 'lifecycle',
  type: 'counter',
  key,
  transition: 'activated',
  at: seq * 10,
  seq,
});

describe('mergeTicks', () => {
  it('joins a fetched history and live pushes, the overlap once, oldest first', () => {
    const live = [tick(4000, 4), tick(5000, 5)];
    const fetched = [tick(1000), tick(2000), tick(3000), tick(4000, 4)];
    expect(mergeTicks(live, fetched).map((t) => t.at)).toEqual([1000, 2000, 3000, 4000, 5000]);
  });

  it('keeps only the window before the newest sample', () => {
    const merged = mergeTicks([], [tick(0), tick(1000), tick(301_000)], 300_000);
    expect(merged.map((t) => t.at)).toEqual([301_000]);
  });
});

describe('mergeFeed', () => {
  it('orders by number, newest first, without duplicates, whichever arrives first', () => {
    const pushedFirst = mergeFeed(EMPTY_FEED, 7, [event(5), event(6)]);
    const thenFetched = mergeFeed(pushedFirst, 7, [event(5), event(4), event(3)]);
    expect(thenFetched.entries.map((e) => e.seq)).toEqual([6, 5, 4, 3]);
    // Stored events (negative numbers) sort after every in-memory one.
    expect(mergeFeed(thenFetched, 7, [event(-1)]).entries.at(-1)!.seq).toBe(-1);
  });

  it('starts over when the server process changed', () => {
    const old = mergeFeed(EMPTY_FEED, 1, [event(40), event(41)]);
    const restarted = mergeFeed(old, 2, [event(1, 'new')]);
    expect(restarted).toMatchObject({ epoch: 2, entries: [{ seq: 1, key: 'new' }] });
  });

  it('keeps the newest rows and adds up drops', () => {
    const many = Array.from({ length: FEED_ROWS + 5 }, (_, i) => event(i + 1));
    const feed = mergeFeed(mergeFeed(EMPTY_FEED, 1, many, 2), 1, [], 3);
    expect(feed.entries).toHaveLength(FEED_ROWS);
    expect(feed.entries[0]!.seq).toBe(FEED_ROWS + 5);
    expect(feed.dropped).toBe(5);
  });
});

describe('errorsBetween', () => {
  it('counts the errors within the samples, and since a restart when totals went down', () => {
    expect(errorsBetween([])).toMatchObject({ total: 0 });
    expect(errorsBetween([tick(0, 0, 3), tick(1000, 0, 7)])).toMatchObject({ turns: 4, total: 4 });
    expect(errorsBetween([tick(0, 0, 9), tick(1000, 0, 2)])).toMatchObject({ turns: 2, total: 2 });
  });
});
