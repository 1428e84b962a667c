// One round of the kill -9 scenario, shared by crash.test.ts (3 rounds) and scripts/chaos.ts (20):
// a real Troupe process under counter and pipeline load, with the pipeline's operators rescaled
// every few hundred milliseconds meanwhile, is SIGKILLed at a seeded random moment (maybe inside a
// rescale), restarted on the same SQLite file, and storage is compared with what clients were told.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REFERENCE_PIPELINE, ZPipelineSpecSchema } from '../../pipelines/spec.ts';
import type { RefPipeline } from '../../pipelines/testing/reference.ts';
import { type ChildTroupe, startChildTroupe, stopChild } from './child-troupe.ts';
import { sleep, troupeClient } from './clients.ts';
import { type CounterCheck, checkCounters, counterKeys, newLedger, runCounterLoad } from './counter-load.ts';
import {
  checkPipeline,
  newPipelineLedger,
  type PipelineCheck,
  readResults,
  retryInDoubt,
  runPublishLoad,
} from './pipeline-load.ts';
import { seededRng } from './rng.ts';

export interface CrashRoundOptions {
  seed: number;
  counters?: number;
  counterWorkers?: number;
  publishers?: number;
  /** The kill comes this long after the load starts, plus a seeded random share of `killJitterMs`. */
  killAfterMs?: number;
  killJitterMs?: number;
  /** A rescale of a random operator to 1..4 partitions is requested this often during the load (0: none). */
  rescaleEveryMs?: number;
}

export interface CrashRoundFigures {
  seed: number;
  killAfterMs: number;
  /** How the killed process ended (must be SIGKILL: it did not get to shut down). */
  killedBy: string;
  restartMs: number;
  counters: CounterCheck;
  /** Right after the restart: sensors with all batches acknowledged exact, the others within bounds. */
  pipelineAtRestart: PipelineCheck;
  /** Pipeline batches acknowledged before the kill. */
  batchesAcked: number;
  /** Batches in doubt at the kill, published again with their batchId after the restart. */
  batchesRetried: number;
  /** Rescales requested during the load, and those answered before the kill. */
  rescalesSent: number;
  rescalesAnswered: number;
  /** After the retries and more batches for every sensor: every sensor exact (half-filled windows resumed). */
  pipelineFinal: PipelineCheck;
  /** Exit code of the restarted process after SIGTERM (must be 0). */
  stopExitCode: number | null;
}

export async function runCrashRound(options: CrashRoundOptions): Promise<CrashRoundFigures> {
  const rng = seededRng(options.seed);
  const killAfterMs = (options.killAfterMs ?? 500) + Math.floor(rng() * (options.killJitterMs ?? 1500));
  const dir = mkdtempSync(join(tmpdir(), 'troupe-crash-'));
  const dbPath = join(dir, 'troupe.db');
  const keys = counterKeys(options.counters ?? 100);
  const spec = ZPipelineSpecSchema.parse({ ...REFERENCE_PIPELINE, name: 'crash' });
  const reference = spec as unknown as RefPipeline;
  const publishShape = { publishers: options.publishers ?? 4, sensorsPerPublisher: 6, eventsPerBatch: 60 };
  const prefix = `crash-${options.seed}`;
  let child: ChildTroupe | undefined;
  try {
    child = await startChildTroupe({ dbPath });
    const first = troupeClient(child.url);
    const { id } = await first.pipelines.create.mutate(spec);

    const ledger = newLedger();
    const pipelineLedger = newPipelineLedger();
    let killed = false;
    const load = Promise.all([
      runCounterLoad({
        client: first,
        counters: keys,
        workers: options.counterWorkers ?? 24,
        rng,
        prefix,
        ledger,
        stopped: () => killed,
      }),
      runPublishLoad({
        client: first,
        pipelineId: id,
        prefix,
        ...publishShape,
        rng,
        ledger: pipelineLedger,
        stopped: () => killed,
      }),
    ]);
    const rescales = rescaleUntil(first, id, spec.operators.length, options, () => killed);
    await sleep(killAfterMs);
    child.kill('SIGKILL');
    killed = true;
    const death = await child.exited;
    await load;
    const { sent: rescalesSent, answered: rescalesAnswered } = await rescales;
    const batchesAcked = pipelineLedger.batchesAcked;

    const restartedAt = performance.now();
    child = await startChildTroupe({ dbPath });
    const restartMs = Math.round(performance.now() - restartedAt);
    const second = troupeClient(child.url);
    const counters = await checkCounters(second, keys, ledger, rng);
    const pipelineAtRestart = checkPipeline(reference, pipelineLedger, await readResults(second, id));

    const batchesRetried = await retryInDoubt(second, id, pipelineLedger);
    await runPublishLoad({
      client: second,
      pipelineId: id,
      prefix: `${prefix}-resumed`,
      ...publishShape,
      rng,
      ledger: pipelineLedger,
      stopped: () => false,
      maxBatches: 12,
    });
    const pipelineFinal = checkPipeline(reference, pipelineLedger, await readResults(second, id));

    child.kill('SIGTERM');
    const stop = await child.exited;
    return {
      seed: options.seed,
      killAfterMs,
      killedBy: death.signal ?? `exit ${death.code}`,
      restartMs,
      counters,
      pipelineAtRestart,
      batchesAcked,
      batchesRetried,
      rescalesSent,
      rescalesAnswered,
      pipelineFinal,
      stopExitCode: stop.code,
    };
  } finally {
    await stopChild(child);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Rescales random operators until `stopped`; exactly-once publishes must not notice. */
async function rescaleUntil(
  client: ReturnType<typeof troupeClient>,
  id: string,
  operators: number,
  options: CrashRoundOptions,
  stopped: () => boolean,
) {
  const rng = seededRng(options.seed + 1_000_003);
  const figures = { sent: 0, answered: 0 };
  const every = options.rescaleEveryMs ?? 250;
  if (every === 0) return figures;
  for (;;) {
    await sleep(every);
    if (stopped()) return figures;
    figures.sent++;
    const operatorIndex = Math.floor(rng() * operators);
    const partitions = 1 + Math.floor(rng() * 4);
    await client.pipelines.scale.mutate({ id, operatorIndex, partitions }).then(
      () => figures.answered++,
      () => undefined,
    );
  }
}

/** One line of figures per round (the test's log and the chaos table use the same numbers). */
export function describeRound(f: CrashRoundFigures): string {
  const c = f.counters;
  const r = f.pipelineAtRestart;
  const p = f.pipelineFinal;
  return [
    `seed=${f.seed} kill@${f.killAfterMs}ms (${f.killedBy}) restart=${f.restartMs}ms`,
    `| counters: attempted=${c.attempted} acked=${c.acked} found=${c.found} lost=${c.lost}`,
    `duplicated=${c.duplicated} in-doubt=${c.attempted - c.acked} (applied ${c.inDoubtApplied})`,
    `retried=${c.retried} final-mismatch=${c.finalMismatch}`,
    `| pipeline: batches-acked=${f.batchesAcked} in-doubt=${f.batchesRetried}`,
    `rescales=${f.rescalesAnswered}/${f.rescalesSent}`,
    `exact-at-restart=${r.cleanSensors - r.mismatched}/${r.cleanSensors} in-bounds=${r.inDoubtSensors - r.inconsistent}/${r.inDoubtSensors}`,
    `final exact=${p.cleanSensors - p.mismatched}/${p.cleanSensors} lost=${p.missingOutputs} duplicated=${p.extraOutputs}`,
    `outputs=${p.outputs} | stop exit=${f.stopExitCode}`,
  ].join(' ');
}
