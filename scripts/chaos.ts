// The kill -9 scenarios of server/reliability/crash.test.ts and rescale-crash.test.ts, for many
// rounds (default 20 of each): a real Troupe process under counter and pipeline load, its pipeline
// rescaled meanwhile, is SIGKILLed at a seeded random moment and restarted on the same SQLite file;
// then a process is SIGKILLed a few milliseconds into `pipelines.scale(reduce, 16)` over 400
// half-filled windows. Storage is checked against what clients were told; every window must close
// exactly once. Prints one row of figures per round and the totals; exits 1 on any violation.
//   npm run chaos                      20 + 20 rounds, random seed
//   CHAOS_ROUNDS=5 CHAOS_SEED=42 npm run chaos
import { type CrashRoundFigures, runCrashRound } from '../server/reliability/support/crash-round.ts';
import {
  type RescaleCrashFigures,
  runRescaleCrashRound,
} from '../server/reliability/support/rescale-crash-round.ts';
import { seedFrom } from '../server/reliability/support/rng.ts';

const rounds = Number(process.env.CHAOS_ROUNDS ?? 20);
const baseSeed = seedFrom(process.env.CHAOS_SEED);

const COLUMNS: [string, (f: CrashRoundFigures) => string | number][] = [
  ['seed', (f) => f.seed],
  ['kill@ms', (f) => f.killAfterMs],
  ['incr sent', (f) => f.counters.attempted],
  ['acked', (f) => f.counters.acked],
  ['found', (f) => f.counters.found],
  ['lost', (f) => f.counters.lost],
  ['dup', (f) => f.counters.duplicated + f.counters.conflictingAcks],
  ['in doubt', (f) => f.counters.attempted - f.counters.acked],
  ['..applied', (f) => f.counters.inDoubtApplied],
  ['retried', (f) => f.counters.retried],
  ['final Δ', (f) => f.counters.finalMismatch],
  ['batches', (f) => f.batchesAcked],
  ['b in doubt', (f) => f.batchesRetried],
  ['rescales', (f) => `${f.rescalesAnswered}/${f.rescalesSent}`],
  [
    'exact@restart',
    (f) =>
      `${f.pipelineAtRestart.cleanSensors - f.pipelineAtRestart.mismatched}/${f.pipelineAtRestart.cleanSensors}`,
  ],
  [
    'in bounds',
    (f) =>
      `${f.pipelineAtRestart.inDoubtSensors - f.pipelineAtRestart.inconsistent}/${f.pipelineAtRestart.inDoubtSensors}`,
  ],
  [
    'exact final',
    (f) => `${f.pipelineFinal.cleanSensors - f.pipelineFinal.mismatched}/${f.pipelineFinal.cleanSensors}`,
  ],
  ['out lost', (f) => f.pipelineFinal.missingOutputs],
  ['out dup', (f) => f.pipelineFinal.extraOutputs],
  ['outputs', (f) => f.pipelineFinal.outputs],
  ['restart ms', (f) => f.restartMs],
  ['exit', (f) => f.stopExitCode ?? 'none'],
];

function violations(f: CrashRoundFigures): string[] {
  const found: string[] = [];
  if (f.killedBy !== 'SIGKILL') found.push(`killed by ${f.killedBy}`);
  if (f.counters.lost > 0) found.push(`${f.counters.lost} acknowledged increments lost`);
  if (f.counters.duplicated > 0) found.push(`${f.counters.duplicated} increments applied twice`);
  if (f.counters.conflictingAcks > 0) found.push(`${f.counters.conflictingAcks} acks with the same count`);
  if (f.counters.finalMismatch > 0) found.push(`counts off by ${f.counters.finalMismatch} after retries`);
  found.push(...f.pipelineAtRestart.details, ...f.pipelineFinal.details);
  if (f.pipelineFinal.inDoubtSensors > 0) found.push('batches still in doubt after retries');
  if (f.stopExitCode !== 0) found.push(`SIGTERM after the check exited ${f.stopExitCode}`);
  return found;
}

const RESCALE_COLUMNS: [string, (f: RescaleCrashFigures) => string | number][] = [
  ['seed', (f) => f.seed],
  ['kill', (f) => `${f.killMoment === 'timed' ? 'scale+' : 'intent+'}${f.killAfterMs}ms`],
  ['answered', (f) => (f.scaleAnswered ? 'yes' : 'no')],
  ['intent', (f) => (f.intentAtKill ? 'on disk' : 'none')],
  ['partitions', (f) => f.partitionsAfter],
  ['retry dup', (f) => `${f.retryDuplicates}/${f.sensors * 2}`],
  ['windows', (f) => f.expected],
  ['outputs', (f) => f.outputs],
  ['out lost', (f) => f.lost],
  ['out dup', (f) => f.duplicated],
  ['exit', (f) => f.stopExitCode ?? 'none'],
];

function rescaleViolations(f: RescaleCrashFigures): string[] {
  const found: string[] = [];
  if (f.killedBy !== 'SIGKILL') found.push(`killed by ${f.killedBy}`);
  if (f.partitionsAfter !== 1 && f.partitionsAfter !== 16) found.push(`${f.partitionsAfter} partitions`);
  if (f.retryDuplicates !== f.sensors * 2)
    found.push(`retry applied ${f.sensors * 2 - f.retryDuplicates} again`);
  if (f.lost > 0) found.push(`${f.lost} windows lost`);
  if (f.duplicated > 0) found.push(`${f.duplicated} windows closed twice`);
  found.push(...f.details);
  if (f.stopExitCode !== 0) found.push(`SIGTERM after the check exited ${f.stopExitCode}`);
  return found;
}

const pad = (value: string | number, width: number) => String(value).padStart(width);
const table = (names: string[]) => {
  const widths = names.map((name) => Math.max(name.length, name === 'seed' ? 10 : 7));
  const row = (cells: (string | number)[]) =>
    `| ${pad(cells[0]!, 5)} | ${cells
      .slice(1)
      .map((c, i) => pad(c, widths[i]!))
      .join(' | ')} |`;
  console.log(row(['round', ...names]));
  console.log(row(['-----', ...widths.map((w) => '-'.repeat(w))]));
  return row;
};

console.log(
  `chaos: ${rounds} rounds of kill -9 under load, base seed ${baseSeed} (CHAOS_SEED=${baseSeed} replays)`,
);
const row = table(COLUMNS.map(([name]) => name));
const all: CrashRoundFigures[] = [];
const failures: string[] = [];
const started = performance.now();
for (let round = 1; round <= rounds; round++) {
  const figures = await runCrashRound({ seed: baseSeed + round - 1 });
  all.push(figures);
  console.log(row([round, ...COLUMNS.map(([, cell]) => cell(figures))]));
  for (const violation of violations(figures))
    failures.push(`round ${round} (seed ${figures.seed}): ${violation}`);
}

console.log(`\nkill -9 during pipelines.scale(reduce, 16) over 400 half-filled windows, ${rounds} rounds:`);
const rescaleRow = table(RESCALE_COLUMNS.map(([name]) => name));
const rescaled: RescaleCrashFigures[] = [];
for (let round = 1; round <= rounds; round++) {
  const figures = await runRescaleCrashRound({ seed: baseSeed + round - 1 });
  rescaled.push(figures);
  console.log(rescaleRow([round, ...RESCALE_COLUMNS.map(([, cell]) => cell(figures))]));
  for (const violation of rescaleViolations(figures))
    failures.push(`rescale round ${round} (seed ${figures.seed}): ${violation}`);
}

const sum = (f: (x: CrashRoundFigures) => number) => all.reduce((total, x) => total + f(x), 0);
const sumRescaled = (f: (x: RescaleCrashFigures) => number) => rescaled.reduce((total, x) => total + f(x), 0);
console.log(
  [
    '',
    `totals over ${rounds} rounds (${((performance.now() - started) / 1000).toFixed(0)} s):`,
    `  increments: ${sum((f) => f.counters.attempted)} sent, ${sum((f) => f.counters.acked)} acknowledged, ` +
      `${sum((f) => f.counters.found)} found after the kill, lost ${sum((f) => f.counters.lost)}, ` +
      `duplicated ${sum((f) => f.counters.duplicated + f.counters.conflictingAcks)}; ` +
      `${sum((f) => f.counters.attempted - f.counters.acked)} in doubt (${sum((f) => f.counters.inDoubtApplied)} had been applied), ` +
      `${sum((f) => f.counters.retried)} retried with their idempotency key, final mismatch ${sum((f) => f.counters.finalMismatch)}`,
    `  pipeline: ${sum((f) => f.batchesAcked)} batches acknowledged before the kill, ${sum((f) => f.batchesRetried)} in doubt ` +
      `(retried with their batchId); sensors exact after retry ${sum((f) => f.pipelineFinal.cleanSensors - f.pipelineFinal.mismatched)}/` +
      `${sum((f) => f.pipelineFinal.cleanSensors)}; outputs lost ${sum((f) => f.pipelineFinal.missingOutputs)}, ` +
      `duplicated ${sum((f) => f.pipelineFinal.extraOutputs)}; ${sum((f) => f.rescalesAnswered)}/${sum((f) => f.rescalesSent)} rescales answered during the load`,
    `  kill during rescale: ${sumRescaled((f) => (f.intentAtKill ? 1 : 0))} kills with the intent on disk, ` +
      `${sumRescaled((f) => (f.partitionsAfter === 16 ? 1 : 0))} rescales completed, ${sumRescaled((f) => (f.partitionsAfter === 1 ? 1 : 0))} not begun; ` +
      `windows ${sumRescaled((f) => f.expected)} expected, ${sumRescaled((f) => f.outputs)} closed, ` +
      `lost ${sumRescaled((f) => f.lost)}, duplicated ${sumRescaled((f) => f.duplicated)}`,
    `  restart: median ${[...all.map((f) => f.restartMs)].sort((a, b) => a - b)[Math.floor(all.length / 2)]} ms`,
    failures.length === 0 ? 'no guarantee violated' : `VIOLATIONS:\n  ${failures.join('\n  ')}`,
  ].join('\n'),
);
process.exit(failures.length === 0 ? 0 : 1);
