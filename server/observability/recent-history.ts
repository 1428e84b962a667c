// The Overview's recent past, kept by the server so a page that opens shows it at once instead of
// starting empty: one metrics sample per second for the last five minutes, and the newest lifecycle
// transitions (each numbered, so a page that loads this history and also receives the same events
// live can tell them apart). Live pushes (realtime/runtime-bridge.ts) come from here too.
import type { LifecycleEvent } from '../runtime/events.ts';
import type { Troupe } from '../troupe.ts';
import type { BucketTotals } from './latency-quantiles.ts';
import { createMetricsSampler, type TMetricsTick } from './metrics-sampler.ts';
import { RingBuffer } from './ring-buffer.ts';

export const HISTORY_INTERVAL_MS = 1000;
/** Five minutes of one-second samples. */
export const HISTORY_TICKS = 300;
/** As many transitions as the Overview's feed shows. */
export const HISTORY_LIFECYCLE = 200;

/** A lifecycle event numbered in the order this process saw it (1, 2, ...). */
export interface TSequencedLifecycleEvent extends LifecycleEvent {
  seq: number;
}

export interface RecentHistory {
  /** When this history started (ms): numbers restart with every process, and so does this. */
  readonly epoch: number;
  readonly intervalMs: number;
  /** Samples, oldest first. */
  ticks(): TMetricsTick[];
  /** The newest `limit` transitions, newest first. */
  lifecycle(limit: number): TSequencedLifecycleEvent[];
  /**
   * Since when (ms) every transition is held here; before that only the stored log has them.
   * The history's start while the ring is not full, the oldest held event's time once it is.
   */
  lifecycleSince(): number;
  onTick(listener: (tick: TMetricsTick) => void): () => void;
  onLifecycle(listener: (event: TSequencedLifecycleEvent) => void): () => void;
  stop(): void;
}

export interface HistoryOptions {
  /** The metrics facet's turn-latency histogram, for the latency quantiles. */
  turnDurations?: () => BucketTotals;
  intervalMs?: number;
  ticks?: number;
  lifecycleEvents?: number;
}

export function startRecentHistory(troupe: Troupe, options: HistoryOptions = {}): RecentHistory {
  const intervalMs = options.intervalMs ?? HISTORY_INTERVAL_MS;
  const epoch = Date.now();
  const ticks = new RingBuffer<TMetricsTick>(options.ticks ?? HISTORY_TICKS);
  const lifecycle = new RingBuffer<TSequencedLifecycleEvent>(options.lifecycleEvents ?? HISTORY_LIFECYCLE);
  const tickListeners = new Set<(tick: TMetricsTick) => void>();
  const lifecycleListeners = new Set<(event: TSequencedLifecycleEvent) => void>();
  let seq = 0;

  const sample = createMetricsSampler({
    runtime: troupe.runtime,
    pipelines: troupe.pipelines,
    turnDurations: options.turnDurations,
  });
  const timer = setInterval(() => {
    const tick = sample();
    ticks.push(tick);
    for (const listener of tickListeners) listener(tick);
  }, intervalMs);
  timer.unref();

  const unsubscribe = troupe.runtime.bus.on((event) => {
    if (event.kind !== 'lifecycle') return;
    const numbered: TSequencedLifecycleEvent = { ...event, seq: ++seq };
    lifecycle.push(numbered);
    for (const listener of lifecycleListeners) listener(numbered);
  });

  const listen = <T>(set: Set<T>, listener: T) => {
    set.add(listener);
    return () => void set.delete(listener);
  };

  return {
    epoch,
    intervalMs,
    ticks: () => ticks.toArray(),
    lifecycle: (limit) => lifecycle.newest(limit),
    lifecycleSince: () => (lifecycle.size < lifecycle.capacity ? epoch : (lifecycle.oldest()?.at ?? epoch)),
    onTick: (listener) => listen(tickListeners, listener),
    onLifecycle: (listener) => listen(lifecycleListeners, listener),
    stop() {
      clearInterval(timer);
      unsubscribe();
      tickListeners.clear();
      lifecycleListeners.clear();
    },
  };
}
