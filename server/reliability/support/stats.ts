// Small figures helpers for the reliability suites: percentiles over latency samples.

export function quantile(samples: number[], q: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/** `n=.. p50=.. p99=.. max=..` in ms, one decimal. */
export function describeLatencies(samples: number[]): string {
  const f = (q: number) => quantile(samples, q).toFixed(1);
  return `n=${samples.length} p50=${f(0.5)}ms p99=${f(0.99)}ms max=${f(1)}ms`;
}
