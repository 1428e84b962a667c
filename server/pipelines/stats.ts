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
}

export class PipelineStats {
  operators: OperatorCounters[];
  published = 0;
  rejected = 0;
  sinkOutputs = 0;
  endToEnd = new LatencyRing();

  constructor(operatorCount: number) {
    this.operators = Array.from({ length: operatorCount }, newCounters);
  }
}

const newCounters = (): OperatorCounters => ({
  eventsIn: 0,
  eventsOut: 0,
  turns: 0,
  processing: new LatencyRing(),
});

const round = (ms: number) => Math.round(ms * 1000) / 1000;
