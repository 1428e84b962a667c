// `npm run bench [-- suite ...]`: runs the benchmarks one after another (never in parallel: the
// machines are small and shared), prints a table and writes bench/results/latest.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { autoscaleStep } from './autoscale.ts';
import { clusterBench } from './cluster.ts';
import { httpInvoke } from './http.ts';
import { memoryPerActor } from './memory.ts';
import { noisyNeighbour, pipelineThroughputAndLatency, rescaleUnderLoad } from './pipelines.ts';
import { noisyNeighbourHttp } from './pipelines-http.ts';
import { postgresCommits } from './postgres.ts';
import { type BenchRow, printTable } from './report.ts';
import { coldActivation, durableIncrements, warmAsk } from './runtime.ts';
import { wireSubscribers, wireTransport } from './wire.ts';

const SUITES: Record<string, () => Promise<BenchRow[]>> = {
  'warm-ask': warmAsk,
  'durable-increments': durableIncrements,
  'cold-activation': coldActivation,
  memory: memoryPerActor,
  http: httpInvoke,
  wire: wireTransport,
  'wire-subscribers': wireSubscribers,
  'pipeline-throughput': pipelineThroughputAndLatency,
  'noisy-neighbour': noisyNeighbour,
  'noisy-neighbour-http': noisyNeighbourHttp,
  rescale: rescaleUnderLoad,
  autoscale: autoscaleStep,
  postgres: postgresCommits,
  cluster: clusterBench,
};

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const names = wanted.length > 0 ? wanted : Object.keys(SUITES);
const rows: BenchRow[] = [];
for (const name of names) {
  const suite = SUITES[name];
  if (!suite) throw new Error(`unknown suite "${name}"; known: ${Object.keys(SUITES).join(', ')}`);
  process.stderr.write(`running ${name}...\n`);
  rows.push(...(await suite()));
}

printTable(rows);
const result = { at: new Date().toISOString(), node: process.version, cpus: cpus().length, rows };
console.log(JSON.stringify(result, null, 2));
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/latest.json', `${JSON.stringify(result, null, 2)}\n`);
process.exit(0);
