// Per-operator counters and latency samples, in memory (observability, not state). Percentiles come
// from a fixed ring of recent samples, so memory stays constant at any rate.

const SAMPLES = 2048;

export class LatencyRing {
  private samples = new Float64Array(SAMPLES);
  private count = 0;

  add(ms: number): void {
    this.samples[this.count % SAMPLES] = ms;
    this.count++;
  }

  percentiles(): { p50: number; p99: number } | null {
    const n = Math.min(this.count, SAMPLES);
    if (n === 0) return null;
    const sorted = Array.from(this.samples.subarray(0, n)).sort((a, b) => a - b);
    const at = (q: number) => round(sorted[Math.min(n - 1, Math.floor(q * n))]!);
    return { p50: at(0.5), p99: at(0.99) };
  }

  reset(): void {
    this.count = 0;
  }
}

export interface OperatorCounters {
  eventsIn: number;
  eventsOut: number;
  turns: number;
  processing: LatencyRing;
  /** Events per second in and out over the last sampling interval. */
  rateIn: number;
  rateOut: number;
  lastIn: number;
  lastOut: number;
  /** Moving average of processing time per event; sizes the micro-batches sent to this operator. */
  costPerEventMs: number;
  /** Records behind the watermark, written to the `late` side stream. */
  late: number;
  /** Records or windows whose numbers left the finite range, written to the `errors` side stream. */
  errors: number;
}

export class PipelineStats {
  operators: OperatorCounters[];
  published = 0;
  rejected = 0;
  sinkOutputs = 0;
  endToEnd = new LatencyRing();
  publishRate = 0;
  private lastPublished = 0;
  private lastSampleAt = 0;

  constructor(operatorCount: number) {
    this.operators = Array.from({ length: operatorCount }, newCounters);
  }

  /** Turns the monotonic counters into per-second rates; called about once a second. */
  sampleRates(now: number): void {
    const seconds = this.lastSampleAt ? Math.max(0.001, (now - this.lastSampleAt) / 1000) : 1;
    const rate = (current: number, previous: number) => Math.round((current - previous) / seconds);
    this.publishRate = rate(this.published, this.lastPublished);
    this.lastPublished = this.published;
    for (const op of this.operators) {
      op.rateIn = rate(op.eventsIn, op.lastIn);
      op.rateOut = rate(op.eventsOut, op.lastOut);
      op.lastIn = op.eventsIn;
      op.lastOut = op.eventsOut;
    }
    this.lastSampleAt = now;
  }
}

const newCounters = (): OperatorCounters => ({
  eventsIn: 0,
  eventsOut: 0,
  turns: 0,
  processing: new LatencyRing(),
  rateIn: 0,
  rateOut: 0,
  lastIn: 0,
  lastOut: 0,
  costPerEventMs: 0,
  late: 0,
  errors: 0,
});

const round = (ms: number) => Math.round(ms * 1000) / 1000;
