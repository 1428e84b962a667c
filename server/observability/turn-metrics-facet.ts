// The metrics facet: per-type turn counts and latency histograms, and the size and latency of the
// commit batches turns write into. It lives here, not in the runtime, so the runtime stays free of
// prom-client; main.ts hands it to the runtime through `startTroupe({ runtime: { facets } })`.
// The per-turn work is plain arithmetic on per-type records; prom-client sees them at scrape time.
import { Counter, type Registry } from 'prom-client';
import type { CommitBatcher, PendingBatch } from '../runtime/commit-batcher.ts';
import { type AnyActorDefinition, journalRetention } from '../runtime/definition.ts';
import type { TurnFacet, TurnRecord } from '../runtime/facets.ts';
import { BucketCounts, registerBucketHistogram } from './bucket-histogram.ts';
import type { BucketTotals } from './latency-quantiles.ts';

// Turns are mostly sub-millisecond; the tail reaches seconds for async handlers awaiting other actors.
const TURN_BUCKETS_S = [
  0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10,
];
const COMMIT_BUCKETS_S = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];
const BATCH_SIZE_BUCKETS = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000];

interface TypeStats {
  type: string;
  ok: number;
  error: number;
  duration: BucketCounts;
  /** Turns of this type always sit in a collecting batch (state write or journal entry). */
  writes: boolean;
}

export class TurnMetricsFacet implements TurnFacet {
  readonly name = 'metrics';
  // After the journal (300): by then a journaled turn has put its entry into the collecting batch.
  readonly priority = 900;
  private readonly byDefinition = new WeakMap<AnyActorDefinition, TypeStats>();
  /** By type name, for the scrape (a re-registered definition keeps adding to its type's stats). */
  private readonly byType = new Map<string, TypeStats>();
  private readonly batchSize = new BucketCounts(BATCH_SIZE_BUCKETS);
  private readonly commitDuration = new BucketCounts(COMMIT_BUCKETS_S);
  private lastBatch: PendingBatch | null = null;

  constructor(registry: Registry) {
    const byType = this.byType;
    new Counter({
      name: 'troupe_turns_total',
      help: 'Turns run, by actor type and outcome (ok or error).',
      labelNames: ['type', 'outcome'],
      registers: [registry],
      collect() {
        this.reset();
        for (const stats of byType.values()) {
          this.inc({ type: stats.type, outcome: 'ok' }, stats.ok);
          this.inc({ type: stats.type, outcome: 'error' }, stats.error);
        }
      },
    });
    registerBucketHistogram(registry, {
      name: 'troupe_turn_duration_seconds',
      help: 'Turn latency (handler start to end, async waits included), by actor type.',
      series: () => [...byType.values()].map((s) => ({ labels: { type: s.type }, counts: s.duration })),
    });
    registerBucketHistogram(registry, {
      name: 'troupe_commit_batch_size',
      help: 'Writes (states + journal entries) per group commit, for batches that carried turn writes.',
      series: () => [{ labels: {}, counts: this.batchSize }],
    });
    registerBucketHistogram(registry, {
      name: 'troupe_commit_duration_seconds',
      help: 'Storage transaction time per group commit, for batches that carried turn writes.',
      series: () => [{ labels: {}, counts: this.commitDuration }],
    });
  }

  /** Turn latencies of every type together, so far: the Overview's latency chart differences these. */
  turnDurations(): BucketTotals {
    const perBucket = new Float64Array(TURN_BUCKETS_S.length);
    let count = 0;
    for (const { duration } of this.byType.values()) {
      for (let i = 0; i < perBucket.length; i++) perBucket[i]! += duration.perBucket[i]!;
      count += duration.count;
    }
    return { bounds: TURN_BUCKETS_S, perBucket, count };
  }

  appliesTo(): boolean {
    return true;
  }

  afterTurn(turn: TurnRecord, batcher: CommitBatcher): void {
    const stats = this.statsOf(turn.definition);
    if (turn.ok) stats.ok++;
    else stats.error++;
    stats.duration.observe(turn.durationMs / 1000);
    // Only touch the batcher when this turn already has a collecting batch: `current()` would
    // otherwise open (and commit) an empty one, and a turn that changes nothing must write nothing.
    if (turn.stateChanged || stats.writes) this.watchBatch(batcher);
  }

  /** One waiter per batch: when it commits, the batcher's stats describe exactly that batch. */
  private watchBatch(batcher: CommitBatcher): void {
    const pending = batcher.current();
    if (pending === this.lastBatch) return;
    this.lastBatch = pending;
    pending.waiters.push(() => {
      this.batchSize.observe(batcher.stats.lastBatchSize);
      this.commitDuration.observe(batcher.stats.lastCommitMs / 1000);
    });
  }

  private statsOf(definition: AnyActorDefinition): TypeStats {
    let stats = this.byDefinition.get(definition);
    if (stats) return stats;
    stats = this.byType.get(definition.type) ?? {
      type: definition.type,
      ok: 0,
      error: 0,
      duration: new BucketCounts(TURN_BUCKETS_S),
      writes: false,
    };
    stats.writes = journalRetention(definition) > 0;
    this.byType.set(definition.type, stats);
    this.byDefinition.set(definition, stats);
    return stats;
  }
}
