// A histogram kept as plain numbers on the hot path and rendered in the Prometheus format only when
// scraped. prom-client's own Histogram hashes its labels on every observe (about 0.3 µs), too much
// for a per-turn hook; here an observation is a sum, a count and a short scan of the bucket bounds.
import type { Registry } from 'prom-client';

export class BucketCounts {
  /** Observations per bucket (not cumulative); values above the last bound only count in `count`. */
  readonly perBucket: Float64Array;
  sum = 0;
  count = 0;

  constructor(readonly bounds: readonly number[]) {
    this.perBucket = new Float64Array(bounds.length);
  }

  observe(value: number): void {
    this.sum += value;
    this.count++;
    const { bounds } = this;
    for (let i = 0; i < bounds.length; i++) {
      if (value <= bounds[i]!) {
        this.perBucket[i]!++;
        return;
      }
    }
  }
}

export interface HistogramSeries {
  labels: Record<string, string>;
  counts: BucketCounts;
}

interface SampleValue {
  metricName: string;
  labels: Record<string, string>;
  value: number;
}

/** Registers `name` as a histogram whose series are read from `series()` at every scrape. */
export function registerBucketHistogram(
  registry: Registry,
  options: { name: string; help: string; series: () => Iterable<HistogramSeries> },
): void {
  const { name, help } = options;
  const metric = {
    name,
    help,
    type: 'histogram',
    aggregator: 'sum',
    async get() {
      const values: SampleValue[] = [];
      for (const { labels, counts } of options.series()) {
        let cumulative = 0;
        counts.bounds.forEach((bound, i) => {
          cumulative += counts.perBucket[i]!;
          values.push({
            metricName: `${name}_bucket`,
            labels: { le: String(bound), ...labels },
            value: cumulative,
          });
        });
        values.push({ metricName: `${name}_bucket`, labels: { le: '+Inf', ...labels }, value: counts.count });
        values.push({ metricName: `${name}_sum`, labels, value: counts.sum });
        values.push({ metricName: `${name}_count`, labels, value: counts.count });
      }
      return { name, help, type: 'histogram', values, aggregator: 'sum' };
    },
    reset() {},
  };
  // prom-client serializes any object with this shape (its own metrics are built the same way).
  registry.registerMetric(metric as unknown as Parameters<Registry['registerMetric']>[0]);
}
