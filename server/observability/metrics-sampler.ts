// One sample of the runtime per interval for the Overview: rates from the runtime's monotonic
// counters, turn-latency quantiles of the interval (from the metrics facet's histogram, when the
// runtime has it), and events per second into pipelines. Cheap enough to run every second forever:
// counters, the busy mailboxes and one pass over the pipelines, no resident scan.
import type { PipelineManager } from '../pipelines/manager.ts';
import type { Runtime } from '../runtime/runtime.ts';
import { type BucketTotals, quantileBetween } from './latency-quantiles.ts';

/** Runtime rates for the Overview, once a second (the server keeps the last five minutes of them). */
export interface TMetricsTick {
  at: number;
  residentActivations: number;
  turnsPerSec: number;
  failedTurnsPerSec: number;
  activationsPerSec: number;
  deactivationsPerSec: number;
  mailboxDepth: number;
  commitBatchSize: number;
  commitMs: number;
  /** Turn latency quantiles over this interval's turns (ms); null when no turn ran or none is measured. */
  turnP50Ms: number | null;
  turnP95Ms: number | null;
  turnP99Ms: number | null;
  /** Events published into all pipelines per second. */
  pipelineEventsPerSec: number;
  pipelinesRunning: number;
  /** Since the process started: failed turns, failed activations, mailbox-full refusals, ask timeouts. */
  errorsTotal: { turns: number; activations: number; overloaded: number; timeouts: number };
}

export interface SamplerSources {
  runtime: Runtime;
  pipelines: PipelineManager;
  /** The turn-latency histogram so far (the metrics facet's), when the runtime runs that facet. */
  turnDurations?: () => BucketTotals;
}

/** Returns a function that takes the next sample; rates cover the time since the previous one. */
export function createMetricsSampler(sources: SamplerSources, now: () => number = Date.now) {
  const { runtime, pipelines, turnDurations } = sources;
  let last = { counters: { ...runtime.stats().counters }, at: now(), published: publishedTotals(pipelines) };
  let lastDurations = turnDurations?.();
  return (): TMetricsTick => {
    const at = now();
    const stats = runtime.stats();
    const m = stats.counters;
    const seconds = Math.max(0.001, (at - last.at) / 1000);
    const rate = (delta: number) => Math.round((Math.max(0, delta) / seconds) * 10) / 10;
    const published = publishedTotals(pipelines);
    let publishedDelta = 0;
    for (const [id, total] of published) publishedDelta += total - (last.published.get(id) ?? 0);
    const durations = turnDurations?.();
    const quantile = (q: number) => {
      if (!durations || !lastDurations) return null;
      const value = quantileBetween(lastDurations, durations, q);
      return value === null ? null : Math.round(value * 1e6) / 1000; // seconds -> ms, 3 decimals
    };
    const tick: TMetricsTick = {
      at,
      residentActivations: stats.residentActivations,
      turnsPerSec: rate(m.turnsTotal - last.counters.turnsTotal),
      failedTurnsPerSec: rate(m.turnsFailed - last.counters.turnsFailed),
      activationsPerSec: rate(m.activationsTotal - last.counters.activationsTotal),
      deactivationsPerSec: rate(m.deactivationsTotal - last.counters.deactivationsTotal),
      mailboxDepth: stats.mailboxDepth,
      commitBatchSize: stats.commits.lastBatchSize,
      commitMs: Math.round(stats.commits.lastCommitMs * 100) / 100,
      turnP50Ms: quantile(0.5),
      turnP95Ms: quantile(0.95),
      turnP99Ms: quantile(0.99),
      pipelineEventsPerSec: rate(publishedDelta),
      pipelinesRunning: pipelines.all().filter((p) => p.status === 'running').length,
      errorsTotal: {
        turns: m.turnsFailed,
        activations: m.activationFailures,
        overloaded: m.rejectedOverloaded,
        timeouts: m.timeouts,
      },
    };
    last = { counters: { ...m }, at, published };
    lastDurations = durations;
    return tick;
  };
}

/** Events published so far, per pipeline id (a deleted pipeline simply drops out). */
function publishedTotals(pipelines: PipelineManager): Map<string, number> {
  return new Map(pipelines.all().map((p) => [p.id, p.stats.published]));
}
