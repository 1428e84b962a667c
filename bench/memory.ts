// Memory per resident idle actor, measured in a fresh child process per size (clean heap, forced GC).
import { execFileSync } from 'node:child_process';
import { type BenchRow, row } from './report.ts';

export async function memoryPerActor(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const count of [100_000, 1_000_000]) {
    const out = execFileSync(
      process.execPath,
      ['--expose-gc', '--max-old-space-size=8192', '--import', 'tsx', 'bench/memory-child.ts', String(count)],
      { encoding: 'utf8', maxBuffer: 1 << 20 },
    );
    const { bytesPerActor, resident } = JSON.parse(out.trim().split('\n').at(-1)!);
    rows.push(
      row({
        suite: 'runtime',
        name: `memory per resident idle counter, ${count.toLocaleString('en-US')} actors`,
        value: bytesPerActor,
        unit: 'bytes',
        target: '<= 1,024 bytes',
        pass: bytesPerActor <= 1024 && resident === count,
      }),
    );
  }
  return rows;
}
