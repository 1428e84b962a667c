// The self-scaling controller (Dirigo-style): once a second, for every running pipeline this node
// runs, each operator with an `autoscale` option is sampled (backlog in its partitions' mailboxes,
// p99 of its recent turns) and autoscale-policy.ts decides. A change goes through the manager's
// scale, the same exclusive, crash-safe rescale as `pipelines.scale`, so per-key order and
// exactly-once hold as they do for a manual one. One change per pipeline at a time; a pipeline
// being rescaled is not sampled. Clock and readings are injected: tests drive `tick()` themselves.
import type { Runtime } from '../runtime/runtime.ts';
import {
  type AutoscaleTimings,
  DEFAULT_TIMINGS,
  decideScale,
  newTrack,
  type OperatorTrack,
} from './autoscale-policy.ts';
import type { LivePipeline } from './live-pipeline.ts';
import { OPERATOR_TYPE, operatorKey } from './partition.ts';

/** One sample of an operator, as read from the runtime and the pipeline's stats. */
export interface OperatorReading {
  /** Records waiting in its partitions' mailboxes. */
  backlog: number;
  /** Turns run so far (a counter): unchanged since the last sample means the operator was idle. */
  turns: number;
  /** p99 processing time over its recent turns (null before the first). */
  p99Ms: number | null;
}

export interface AutoscaleHost {
  pipelines(): Iterable<Pick<LivePipeline, 'id' | 'status' | 'spec' | 'partitions'>>;
  read(pipelineId: string, operatorIndex: number, partitions: number): OperatorReading;
  scale(pipelineId: string, operatorIndex: number, partitions: number, reason: string): Promise<void>;
}

export interface AutoscalerOptions {
  now?: () => number;
  timings?: Partial<AutoscaleTimings>;
  onError?: (error: unknown, pipelineId: string) => void;
}

type Track = OperatorTrack & { turns: number };

export class Autoscaler {
  readonly timings: AutoscaleTimings;
  private readonly now: () => number;
  private readonly onError: (error: unknown, pipelineId: string) => void;
  /** Per pipeline, per operator index. */
  private readonly tracks = new Map<string, Map<number, Track>>();
  private readonly scaling = new Set<string>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly host: AutoscaleHost,
    options: AutoscalerOptions = {},
  ) {
    this.timings = { ...DEFAULT_TIMINGS, ...options.timings };
    this.now = options.now ?? Date.now;
    this.onError = options.onError ?? (() => {});
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.tick(), this.timings.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Samples every autoscaled operator once; resolves when the changes it started are done. */
  tick(): Promise<void> {
    const now = this.now();
    const started: Promise<void>[] = [];
    const seen = new Set<string>();
    for (const pipeline of this.host.pipelines()) {
      if (pipeline.status !== 'running') continue; // stopped: forgotten, sampled afresh once started
      seen.add(pipeline.id);
      if (this.scaling.has(pipeline.id)) continue;
      let tracks = this.tracks.get(pipeline.id);
      if (!tracks) {
        tracks = new Map();
        this.tracks.set(pipeline.id, tracks);
      }
      let chosen: { index: number; to: number; reason: string } | null = null;
      pipeline.spec.operators.forEach((op, index) => {
        if (!op.autoscale) return;
        const partitions = pipeline.partitions[index]!;
        const raw = this.host.read(pipeline.id, index, partitions);
        const previous = tracks.get(index) ?? { ...newTrack(partitions), turns: raw.turns };
        const reading = { backlog: raw.backlog, p99Ms: raw.turns === previous.turns ? null : raw.p99Ms };
        const decided = decideScale({
          autoscale: op.autoscale,
          partitions,
          reading,
          track: previous,
          now,
          timings: this.timings,
        });
        tracks.set(index, { ...decided.track, turns: raw.turns });
        // One rescale at a time per pipeline (each holds it exclusive); the others wait a sample.
        if (decided.change && !chosen) chosen = { index, ...decided.change };
        else if (decided.change) tracks.set(index, { ...previous, turns: raw.turns });
      });
      if (chosen) started.push(this.apply(pipeline.id, chosen));
    }
    for (const id of [...this.tracks.keys()]) if (!seen.has(id)) this.tracks.delete(id);
    return Promise.all(started).then(() => undefined);
  }

  private async apply(id: string, change: { index: number; to: number; reason: string }): Promise<void> {
    this.scaling.add(id);
    try {
      await this.host.scale(id, change.index, change.to, change.reason);
    } catch (error) {
      // The decision already started a cooldown: the operator is retried after it, not every second.
      this.onError(error, id);
    } finally {
      this.scaling.delete(id);
    }
  }
}

/** Reads an operator's backlog (records in its partitions' `process` messages) and turn stats. */
export function readOperator(
  runtime: Runtime,
  pipeline: Pick<LivePipeline, 'id' | 'stats'>,
  operatorIndex: number,
  partitions: number,
): OperatorReading {
  let backlog = 0;
  for (let partition = 0; partition < partitions; partition++) {
    for (const message of runtime.queued(OPERATOR_TYPE, operatorKey(pipeline.id, operatorIndex, partition))) {
      const records = (message.args as { records?: unknown } | null)?.records;
      if (message.action === 'process' && Array.isArray(records)) backlog += records.length;
    }
  }
  const counters = pipeline.stats.operators[operatorIndex];
  return {
    backlog,
    turns: counters?.turns ?? 0,
    p99Ms: counters?.processing.percentiles()?.p99 ?? null,
  };
}
