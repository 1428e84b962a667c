// One round of kill -9 in the middle of a rescale: 400 sensors each hold a half-filled window in a
// reduce operator; `pipelines.scale(reduce, 16)` starts and the process is SIGKILLed either a seeded
// few milliseconds later (before, during or after the rescale's commits) or a seeded 0-15 ms after its
// intent shows up on disk (windows being moved). After the restart the rescale
// has happened wholly or not at all, the batch that filled the windows retried with its batchId is
// answered as duplicates, and one more event per sensor closes every window exactly once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { type RefPipeline, type Row, referencePipeline } from '../../pipelines/testing/reference.ts';
import { type ChildTroupe, startChildTroupe, stopChild } from './child-troupe.ts';
import { sleep, troupeClient } from './clients.ts';
import { groupBySensor, readResults, type SensorEvent } from './pipeline-load.ts';
import { seededRng } from './rng.ts';

export interface RescaleCrashOptions {
  seed: number;
  sensors?: number;
  partitions?: number;
  /** A timed kill comes a seeded random 0..killWithinMs after the scale request is sent. */
  killWithinMs?: number;
}

export type KillMoment = 'timed' | 'after-intent';

export interface RescaleCrashFigures {
  seed: number;
  /** Timed: ms after the scale request; after-intent: ms after the intent was seen on disk. */
  killMoment: KillMoment;
  killAfterMs: number;
  killedBy: string;
  /** The scale call was answered before the kill. */
  scaleAnswered: boolean;
  /** A rescale intent was on disk at the kill (the kill fell inside the rescale's commits). */
  intentAtKill: boolean;
  /** Partitions of the reduce after the restart: the old count or the new one, nothing between. */
  partitionsAfter: number;
  /** Answer to the filling batch retried after the restart (must be all duplicates). */
  retryDuplicates: number;
  sensors: number;
  /** Windows the reference closes, the pipeline's outputs, and the differences. */
  expected: number;
  outputs: number;
  lost: number;
  duplicated: number;
  details: string[];
  stopExitCode: number | null;
}

const SPEC = {
  name: 'rescale-crash',
  operators: [
    { kind: 'map' as const, config: { scale: 2 } },
    { kind: 'reduce' as const, config: { windowSize: 3, fn: 'sum' as const } },
  ],
};

export async function runRescaleCrashRound(options: RescaleCrashOptions): Promise<RescaleCrashFigures> {
  const rng = seededRng(options.seed);
  const sensors = options.sensors ?? 400;
  const killMoment: KillMoment = rng() < 0.5 ? 'timed' : 'after-intent';
  const killAfterMs =
    killMoment === 'timed' ? Math.floor(rng() * (options.killWithinMs ?? 120)) : Math.floor(rng() * 16);
  const dir = mkdtempSync(join(tmpdir(), 'troupe-rescale-crash-'));
  const dbPath = join(dir, 'troupe.db');
  const ids = Array.from({ length: sensors }, (_, i) => `s${i}`);
  const event = (sensorId: string, n: number): SensorEvent => ({
    sensorId,
    value: Math.round(rng() * 10_000) / 100,
    ts: 1000 + n,
  });
  const fill = ids.flatMap((id) => [event(id, 0), event(id, 1)]);
  const close = ids.map((id) => event(id, 2));
  let child: ChildTroupe | undefined;
  try {
    child = await startChildTroupe({ dbPath });
    const first = troupeClient(child.url);
    const { id } = await first.pipelines.create.mutate(SPEC);
    await first.pipelines.publish.mutate({ id, events: fill, batchId: 'fill' });

    let scaleAnswered = false;
    const scale = first.pipelines.scale
      .mutate({ id, operatorIndex: 1, partitions: options.partitions ?? 16 })
      .then(() => {
        scaleAnswered = true;
      })
      .catch(() => undefined);
    if (killMoment === 'after-intent') await intentOnDisk(dbPath, id, () => scaleAnswered);
    await sleep(killAfterMs);
    child.kill('SIGKILL');
    const death = await child.exited;
    await scale;
    const intentAtKill = readIntent(dbPath, id);

    child = await startChildTroupe({ dbPath });
    const second = troupeClient(child.url);
    const partitionsAfter = (await second.pipelines.get.query({ id })).operators[1]!.partitions;
    const retry = await second.pipelines.publish.mutate({ id, events: fill, batchId: 'fill' });
    await second.pipelines.publish.mutate({ id, events: close, batchId: 'close' });
    const check = compare(
      referencePipeline(SPEC as RefPipeline, [...fill, ...close]),
      await readResults(second, id),
    );

    child.kill('SIGTERM');
    const stop = await child.exited;
    return {
      seed: options.seed,
      killMoment,
      killAfterMs,
      killedBy: death.signal ?? `exit ${death.code}`,
      scaleAnswered,
      intentAtKill,
      partitionsAfter,
      retryDuplicates: retry.duplicates,
      sensors,
      ...check,
      stopExitCode: stop.code,
    };
  } finally {
    await stopChild(child);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Resolves once the pipeline's rescale intent is committed (or the scale was answered first). */
async function intentOnDisk(dbPath: string, id: string, answered: () => boolean): Promise<void> {
  const db = new Database(dbPath, { readonly: true });
  const query = db.prepare('SELECT rescale IS NOT NULL AS pending FROM pipeline WHERE id = ?');
  try {
    while (!answered() && !(query.get(id) as { pending: number }).pending) await sleep(1);
  } finally {
    db.close();
  }
}

function readIntent(dbPath: string, id: string): boolean {
  const db = new Database(dbPath, { readonly: true });
  try {
    const row = db.prepare('SELECT rescale FROM pipeline WHERE id = ?').get(id) as { rescale: string | null };
    return row.rescale !== null;
  } finally {
    db.close();
  }
}

/** Per sensor: the pipeline's outputs must be the reference's, each window once. */
function compare(expected: Row[], actual: Row[]) {
  const want = groupBySensor(expected);
  const got = groupBySensor(actual);
  let lost = 0;
  let duplicated = 0;
  const details: string[] = [];
  for (const [sensor, rows] of want) {
    const have = got.get(sensor) ?? [];
    lost += Math.max(0, rows.length - have.length);
    duplicated += Math.max(0, have.length - rows.length);
    if (JSON.stringify(have) !== JSON.stringify(rows) && details.length < 5) {
      details.push(`${sensor}: expected ${JSON.stringify(rows)}, got ${JSON.stringify(have)}`);
    }
  }
  for (const [sensor, rows] of got) {
    if (!want.has(sensor)) {
      duplicated += rows.length;
      details.push(`unexpected outputs for ${sensor}`);
    }
  }
  return { expected: expected.length, outputs: actual.length, lost, duplicated, details };
}

export function describeRescaleRound(f: RescaleCrashFigures): string {
  return [
    `seed=${f.seed} kill ${f.killMoment}@${f.killAfterMs}ms (${f.killedBy}) scale answered=${f.scaleAnswered}`,
    `intent at kill=${f.intentAtKill} partitions after=${f.partitionsAfter}`,
    `retry duplicates=${f.retryDuplicates}/${f.sensors * 2}`,
    `windows expected=${f.expected} outputs=${f.outputs} lost=${f.lost} duplicated=${f.duplicated}`,
    `stop exit=${f.stopExitCode}`,
  ].join(' ');
}
