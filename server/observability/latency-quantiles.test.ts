import { describe, expect, it } from 'vitest';
import { type BucketTotals, emptyTotals, quantileBetween } from './latency-quantiles.ts';

const BOUNDS = [0.001, 0.01, 0.1, 1];

function totals(perBucket: number[], overflow = 0): BucketTotals {
  const counts = Float64Array.from(perBucket);
  return { bounds: BOUNDS, perBucket: counts, count: perBucket.reduce((a, b) => a + b, 0) + overflow };
}

describe('quantileBetween', () => {
  it('is null when nothing was observed in the interval', () => {
    expect(quantileBetween(totals([5, 0, 0, 0]), totals([5, 0, 0, 0]), 0.5)).toBeNull();
  });

  it('interpolates inside the bucket holding the rank, counting only the interval', () => {
    const before = totals([100, 0, 0, 0]); // earlier turns, all fast: must not count
    const after = totals([100, 10, 10, 0]);
    // 20 new turns: 10 in (1 ms, 10 ms], 10 in (10 ms, 100 ms]
    expect(quantileBetween(before, after, 0.5)).toBeCloseTo(0.01, 6);
    expect(quantileBetween(before, after, 0.25)).toBeCloseTo(0.001 + 0.009 * 0.5, 6);
    expect(quantileBetween(before, after, 0.99)).toBeCloseTo(0.01 + 0.09 * 0.98, 6);
  });

  it('reports the last bound for ranks beyond it', () => {
    expect(quantileBetween(emptyTotals(BOUNDS), totals([1, 0, 0, 0], 9), 0.9)).toBe(1);
  });
});
