// Per-actor turn rate and latency for the actor page, kept only for resident actors: an actor's
// record is created by its first turn and dropped when it deactivates, so memory follows the
// resident set, not every actor ever seen. Per turn: two Map lookups (type, then key: no key string
// is built), a counter and one slot of a ring; percentiles are computed only when someone reads them.
// Fed by the runtime's event bus (turn and lifecycle events), one tracker per runtime.
import type { RuntimeEvent } from '../runtime/events.ts';
import type { Runtime } from '../runtime/runtime.ts';

/** Turns counted per bucket; the rate is over the last one to two buckets (a sliding estimate). */
export const RATE_BUCKET_MS = 5_000;
/** Latency percentiles are over this many most recent turns. */
export const LATENCY_SAMPLES = 32;

export interface TTurnStats {
  /** `live`: counted while resident; `journal`: latency of the last journaled turns, no rate. */
  source: 'live' | 'journal';
  /** Turns per second over about the last RATE_BUCKET_MS; 0 once none ran for two buckets. */
  turnsPerSec: number;
  p50Ms: number | null;
  p99Ms: number | null;
  /** Turns the percentiles are over (at most LATENCY_SAMPLES). */
  samples: number;
  /** Turns and failed turns since the actor was activated (or since tracking started); null from the journal. */
  turns: number | null;
  failed: number | null;
  lastTurnAt: number | null;
}

class ActorTurns {
  private bucketStart = 0;
  private current = 0;
  private previous = 0;
  private readonly durations = new Float64Array(LATENCY_SAMPLES);
  private next = 0;
  turns = 0;
  failed = 0;
  lastTurnAt: number | null = null;

  record(at: number, durationMs: number, ok: boolean): void {
    this.roll(at);
    this.current++;
    this.turns++;
    if (!ok) this.failed++;
    this.lastTurnAt = at;
    this.durations[this.next % LATENCY_SAMPLES] = durationMs;
    this.next++;
  }

  read(now: number): TTurnStats {
    this.roll(now);
    // The previous bucket weighted by how much of it still lies in the last RATE_BUCKET_MS.
    const elapsed = Math.min(1, (now - this.bucketStart) / RATE_BUCKET_MS);
    const turnsPerSec = ((this.previous * (1 - elapsed) + this.current) * 1000) / RATE_BUCKET_MS;
    const samples = Math.min(this.next, LATENCY_SAMPLES);
    const sorted = Array.from(this.durations.subarray(0, samples)).sort((a, b) => a - b);
    return {
      source: 'live',
      turnsPerSec: Math.round(turnsPerSec * 10) / 10,
      p50Ms: percentile(sorted, 0.5),
      p99Ms: percentile(sorted, 0.99),
      samples,
      turns: this.turns,
      failed: this.failed,
      lastTurnAt: this.lastTurnAt,
    };
  }

  private roll(now: number): void {
    const buckets = Math.floor((now - this.bucketStart) / RATE_BUCKET_MS);
    if (buckets <= 0) return;
    this.previous = buckets === 1 ? this.current : 0;
    this.current = 0;
    this.bucketStart += buckets * RATE_BUCKET_MS;
  }
}

/** Nearest-rank percentile of ascending values; null when there are none. */
export function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? null;
}

export class ActorTurnStats {
  private readonly byType = new Map<string, Map<string, ActorTurns>>();

  constructor(private readonly now: () => number = Date.now) {}

  readonly onEvent = (event: RuntimeEvent): void => {
    if (event.kind === 'turn') {
      let keys = this.byType.get(event.type);
      if (!keys) {
        keys = new Map();
        this.byType.set(event.type, keys);
      }
      let turns = keys.get(event.key);
      if (!turns) {
        turns = new ActorTurns();
        keys.set(event.key, turns);
      }
      turns.record(event.at, event.durationMs, event.ok);
    } else if (event.kind === 'lifecycle' && event.transition === 'deactivated') {
      this.byType.get(event.type)?.delete(event.key);
    }
  };

  /** The actor's stats since its activation; null if it ran no turn while resident. */
  of(type: string, key: string): TTurnStats | null {
    return this.byType.get(type)?.get(key)?.read(this.now()) ?? null;
  }

  /** Actors with a record (resident ones that ran a turn). */
  get size(): number {
    let size = 0;
    for (const keys of this.byType.values()) size += keys.size;
    return size;
  }
}

const trackers = new WeakMap<Runtime, ActorTurnStats>();

/** The runtime's tracker, subscribed to its bus on first use (the socket server does so at start). */
export function actorTurnStats(runtime: Runtime): ActorTurnStats {
  let tracker = trackers.get(runtime);
  if (!tracker) {
    const { clock } = runtime;
    tracker = new ActorTurnStats(() => clock.now());
    runtime.bus.on(tracker.onEvent);
    trackers.set(runtime, tracker);
  }
  return tracker;
}

/** For an actor not counted live: the latency of its journaled turns (newest first), rate 0. */
export function statsFromJournal(journal: { durationMs: number; at: number }[]): TTurnStats | null {
  if (journal.length === 0) return null;
  const sorted = journal.map((e) => e.durationMs).sort((a, b) => a - b);
  return {
    source: 'journal',
    turnsPerSec: 0,
    p50Ms: percentile(sorted, 0.5),
    p99Ms: percentile(sorted, 0.99),
    samples: sorted.length,
    turns: null,
    failed: null,
    lastTurnAt: Math.max(...journal.map((e) => e.at)),
  };
}
