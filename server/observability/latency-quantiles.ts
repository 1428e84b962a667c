// Quantiles of the turns of one interval from the turn-latency histogram: the difference of two
// snapshots of its bucket counts is the histogram of that interval alone. Within a bucket the value
// is interpolated linearly (as Prometheus' histogram_quantile does); beyond the last bound it is
// reported as that bound, a lower limit.

export interface BucketTotals {
  /** Upper bounds of the buckets, ascending (seconds). */
  bounds: readonly number[];
  /** Observations per bucket, not cumulative; values above the last bound are only in `count`. */
  perBucket: Float64Array;
  count: number;
}

export function emptyTotals(bounds: readonly number[]): BucketTotals {
  return { bounds, perBucket: new Float64Array(bounds.length), count: 0 };
}

/** The q-quantile (0..1) of the observations made between `before` and `after`; null if none. */
export function quantileBetween(before: BucketTotals, after: BucketTotals, q: number): number | null {
  const total = after.count - before.count;
  if (total <= 0) return null;
  const rank = q * total;
  let cumulative = 0;
  for (let i = 0; i < after.bounds.length; i++) {
    const inBucket = after.perBucket[i]! - (before.perBucket[i] ?? 0);
    if (inBucket > 0 && cumulative + inBucket >= rank) {
      const lower = i === 0 ? 0 : after.bounds[i - 1]!;
      const upper = after.bounds[i]!;
      return lower + (upper - lower) * ((rank - cumulative) / inBucket);
    }
    cumulative += inBucket;
  }
  return after.bounds.at(-1) ?? null;
}
