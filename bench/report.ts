// Benchmark results: one row per measurement, with the baseline measured in the same run and the
// target from the issue. Printed as a table and as JSON (bench/results/latest.json).

export interface BenchRow {
  suite: string;
  name: string;
  value: number;
  unit: string;
  /** The same workload on the baseline, in the same run (same unit). */
  baseline?: number;
  /** value / baseline, when a baseline exists. */
  ratio?: number;
  /** Human-readable target, e.g. ">= 1,000,000 /s and >= 0.25x baseline". */
  target?: string;
  pass?: boolean;
  note?: string;
}

export function row(r: Omit<BenchRow, 'ratio'>): BenchRow {
  const ratio = r.baseline ? Math.round((r.value / r.baseline) * 1000) / 1000 : undefined;
  return { ...r, ratio };
}

const fmt = (n: number | undefined) =>
  n === undefined
    ? ''
    : Math.abs(n) >= 100
      ? Math.round(n).toLocaleString('en-US')
      : String(Math.round(n * 1000) / 1000);

export function printTable(rows: BenchRow[]): void {
  const header = ['suite', 'measurement', 'value', 'unit', 'baseline', 'ratio', 'target', 'ok'];
  const lines = rows.map((r) => [
    r.suite,
    r.name,
    fmt(r.value),
    r.unit,
    fmt(r.baseline),
    r.ratio === undefined ? '' : `${r.ratio}x`,
    r.target ?? '',
    r.pass === undefined ? '' : r.pass ? 'yes' : 'NO',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const print = (cells: string[]) =>
    console.log(`| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`);
  print(header);
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const line of lines) print(line);
}

export function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `fn` repeatedly for `ms` and returns operations per second. */
export async function ratePer(ms: number, fn: () => Promise<number>): Promise<number> {
  const started = performance.now();
  let done = 0;
  while (performance.now() - started < ms) done += await fn();
  return done / ((performance.now() - started) / 1000);
}
