// The hot-path histogram renders exactly like a prom-client Histogram fed the same observations.
import { Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { BucketCounts, registerBucketHistogram } from './bucket-histogram.ts';

describe('registerBucketHistogram', () => {
  it('renders cumulative buckets, +Inf, sum and count like prom-client', async () => {
    const bounds = [0.001, 0.01, 0.1, 1];
    const values = [0.0005, 0.001, 0.002, 0.05, 0.5, 3, 0.0001];

    const ours = new Registry();
    const counts = new BucketCounts(bounds);
    registerBucketHistogram(ours, {
      name: 'x_seconds',
      help: 'h',
      series: () => [{ labels: { type: 'a' }, counts }],
    });
    const reference = new Registry();
    const histogram = new Histogram({
      name: 'x_seconds',
      help: 'h',
      labelNames: ['type'],
      buckets: bounds,
      registers: [reference],
    });
    for (const value of values) {
      counts.observe(value);
      histogram.observe({ type: 'a' }, value);
    }
    expect(await ours.metrics()).toBe(await reference.metrics());
  });
});
