// The Overview's data as one series per view: what the server kept (system.recentMetrics,
// system.recentLifecycle, fetched on load and after every reconnect) merged with what it pushes
// live. Samples are identified by their time, lifecycle events by their number within the server
// process's epoch, so the overlap between a fetch and the pushes is counted once, and a gap while
// offline is filled by the next fetch.
import type { TMetricsTick, TSequencedLifecycleEvent } from '@/server/realtime/events.ts';

export const HISTORY_WINDOW_MS = 5 * 60_000;
export const FEED_ROWS = 200;

/** Samples of both lists, each once, oldest first, within `windowMs` of the newest. */
export function mergeTicks(
  current: readonly TMetricsTick[],
  incoming: readonly TMetricsTick[],
  windowMs = HISTORY_WINDOW_MS,
): TMetricsTick[] {
  const byTime = new Map<number, TMetricsTick>();
  for (const tick of current) byTime.set(tick.at, tick);
  for (const tick of incoming) byTime.set(tick.at, tick);
  const merged = [...byTime.values()].sort((a, b) => a.at - b.at);
  const newest = merged.at(-1)?.at ?? 0;
  return merged.filter((tick) => tick.at > newest - windowMs);
}

export interface TFeed {
  /** The server process the numbers belong to (0: nothing received yet). */
  epoch: number;
  /** Newest first, at most FEED_ROWS. */
  entries: TSequencedLifecycleEvent[];
  /** Events the server dropped over its per-flush cap since this page opened. */
  dropped: number;
}

export const EMPTY_FEED: TFeed = { epoch: 0, entries: [], dropped: 0 };

/**
 * Adds events (from a fetch or a push, any order) to the feed. Events of another epoch come from a
 * restarted server: its numbers start again, so the older process's entries are dropped.
 */
export function mergeFeed(
  feed: TFeed,
  epoch: number,
  events: readonly TSequencedLifecycleEvent[],
  dropped = 0,
): TFeed {
  const base = feed.epoch === epoch ? feed.entries : [];
  const bySeq = new Map<number, TSequencedLifecycleEvent>();
  for (const event of base) bySeq.set(event.seq, event);
  for (const event of events) bySeq.set(event.seq, event);
  const entries = [...bySeq.values()].sort((a, b) => b.seq - a.seq).slice(0, FEED_ROWS);
  return { epoch, entries, dropped: feed.dropped + dropped };
}

export interface TErrorCounts {
  turns: number;
  activations: number;
  overloaded: number;
  timeouts: number;
  total: number;
}

/** Errors within the samples' span: the difference of the cumulative totals of the first and last. */
export function errorsBetween(ticks: readonly TMetricsTick[]): TErrorCounts {
  const first = ticks[0]?.errorsTotal;
  const last = ticks.at(-1)?.errorsTotal;
  if (!first || !last) return { turns: 0, activations: 0, overloaded: 0, timeouts: 0, total: 0 };
  // A restarted server counts from zero again: then its own totals are the errors since.
  const delta = (key: keyof typeof last) => {
    const d = last[key] - first[key];
    return d >= 0 ? d : last[key];
  };
  const counts = {
    turns: delta('turns'),
    activations: delta('activations'),
    overloaded: delta('overloaded'),
    timeouts: delta('timeouts'),
  };
  return { ...counts, total: counts.turns + counts.activations + counts.overloaded + counts.timeouts };
}
