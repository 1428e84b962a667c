// Graceful shutdown: SIGTERM to a real Troupe process under load. Every in-flight call must end
// with a response (its result, or a typed error saying the server is stopping) or, once the
// listener is closed, a refused connection (nothing was sent); the process must exit 0 within its
// deadline; after a restart every acknowledged write is there, and SQLite's integrity check passes.
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { REFERENCE_PIPELINE, ZPipelineSpecSchema } from '../pipelines/spec.ts';
import type { RefPipeline } from '../pipelines/testing/reference.ts';
import { type ChildTroupe, startChildTroupe, stopChild } from './support/child-troupe.ts';
import { type FailureKind, sleep, troupeClient } from './support/clients.ts';
import { checkCounters, counterKeys, newLedger, runCounterLoad } from './support/counter-load.ts';
import {
  checkPipeline,
  newPipelineLedger,
  readResults,
  retryInDoubt,
  runPublishLoad,
} from './support/pipeline-load.ts';
import { seededRng, seedFrom } from './support/rng.ts';

let dir: string;
let child: ChildTroupe | undefined;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'troupe-shutdown-'));
});

afterEach(async () => {
  await stopChild(child);
  rmSync(dir, { recursive: true, force: true });
});

it('SIGTERM under load: every call answered or refused, exit 0, acknowledged writes on disk, integrity ok', async () => {
  const seed = seedFrom(process.env.CHAOS_SEED);
  const rng = seededRng(seed);
  const dbPath = join(dir, 'troupe.db');
  child = await startChildTroupe({ dbPath });
  const client = troupeClient(child.url);
  const keys = counterKeys(100);
  const spec = ZPipelineSpecSchema.parse({ ...REFERENCE_PIPELINE, name: 'shutdown' });
  const { id } = await client.pipelines.create.mutate(spec);
  // Expensive events (2 ms each, one per message): a publish takes a while, so some are in flight.
  const slowSpec = ZPipelineSpecSchema.parse({
    name: 'slow',
    operators: [
      { kind: 'map', config: { costMs: 2 } },
      { kind: 'reduce', config: { windowSize: 3, fn: 'sum' } },
    ],
  });
  const slow = await client.pipelines.create.mutate(slowSpec);

  // Every caller's loop ends at its first failure that is not a typed answer (counter-load.ts,
  // pipeline-load.ts), so at most one reset per caller: counter workers and publishers alike.
  const COUNTER_WORKERS = 24;
  const PUBLISHERS = [4, 2];
  const ledger = newLedger();
  const pipelineLedger = newPipelineLedger();
  const slowLedger = newPipelineLedger();
  let signalled = false;
  let refusedSince = false;
  const load = Promise.all([
    runCounterLoad({
      client,
      counters: keys,
      workers: COUNTER_WORKERS,
      rng,
      prefix: `term-${seed}`,
      ledger,
      // Keep calling through the shutdown until the listener refuses connections.
      stopped: () => refusedSince,
      callTimeoutMs: 15_000,
    }),
    runPublishLoad({
      client,
      pipelineId: id,
      prefix: `term-${seed}`,
      publishers: PUBLISHERS[0]!,
      sensorsPerPublisher: 6,
      eventsPerBatch: 60,
      rng,
      ledger: pipelineLedger,
      stopped: () => signalled,
    }),
    runPublishLoad({
      client,
      pipelineId: slow.id,
      prefix: `term-${seed}`,
      publishers: PUBLISHERS[1]!,
      sensorsPerPublisher: 2,
      eventsPerBatch: 40,
      rng,
      ledger: slowLedger,
      stopped: () => signalled,
    }),
  ]);
  const termAfterMs = 400 + Math.floor(rng() * 1000);
  await sleep(termAfterMs);
  const termAt = performance.now();
  child.kill('SIGTERM');
  signalled = true;
  const exit = await child.exited;
  const shutdownMs = Math.round(performance.now() - termAt);
  refusedSince = true;
  await load;
  if (exit.code !== 0) console.log(`shutdown output:\n${child.tail().slice(-15).join('\n')}`);

  const kinds = new Map<FailureKind | string, number>();
  const failures = [...ledger.failed.values(), ...pipelineLedger.failures, ...slowLedger.failures];
  for (const failure of failures) {
    const label = failure.kind === 'typed' ? `typed ${failure.code}` : failure.kind;
    kinds.set(label, (kinds.get(label) ?? 0) + 1);
  }
  const messages = new Set(failures.filter((f) => f.kind === 'typed').map((f) => `${f.code}: ${f.message}`));
  const wal = `${dbPath}-wal`;
  const walBytes = existsSync(wal) ? statSync(wal).size : 0;
  const db = new Database(dbPath, { readonly: true });
  const integrity = db.pragma('integrity_check', { simple: true });
  db.close();

  child = await startChildTroupe({ dbPath });
  const after = troupeClient(child.url);
  const counters = await checkCounters(after, keys, ledger, rng);
  const retried =
    (await retryInDoubt(after, id, pipelineLedger)) + (await retryInDoubt(after, slow.id, slowLedger));
  const pipeline = checkPipeline(
    spec as unknown as RefPipeline,
    pipelineLedger,
    await readResults(after, id),
  );
  const slowPipeline = checkPipeline(
    slowSpec as unknown as RefPipeline,
    slowLedger,
    await readResults(after, slow.id),
  );
  console.log(
    [
      `shutdown seed=${seed}: SIGTERM after ${termAfterMs}ms, exit code ${exit.code} in ${shutdownMs}ms`,
      `calls: attempted=${counters.attempted} acked=${counters.acked} failures=${JSON.stringify(Object.fromEntries(kinds))}`,
      `typed messages: ${JSON.stringify([...messages].slice(0, 3))}`,
      `after restart: found=${counters.found} lost=${counters.lost} duplicated=${counters.duplicated} final-mismatch=${counters.finalMismatch}`,
      `pipelines: batches acked=${pipelineLedger.batchesAcked + slowLedger.batchesAcked} in doubt=${retried} (retried with their batchId)`,
      `exact sensors=${pipeline.cleanSensors - pipeline.mismatched + slowPipeline.cleanSensors - slowPipeline.mismatched}/${pipeline.cleanSensors + slowPipeline.cleanSensors}`,
      `integrity_check=${integrity} wal-bytes-after-exit=${walBytes}`,
    ].join('\n  '),
  );

  expect(exit).toEqual({ code: 0, signal: null });
  expect(shutdownMs).toBeLessThan(10_000);
  // No call hung and none lost its connection without an answer.
  expect(kinds.get('hang') ?? 0).toBe(0);
  // A connection the kernel accepted just before the listener closed is reset with its request
  // unread (nothing applied): such calls are in doubt, retried with their key below and checked
  // exact; what must never happen is a reset of a call the server had started to answer.
  // At most one per caller, its last call (a publisher in flight at the close is reset too).
  expect(kinds.get('reset') ?? 0).toBeLessThanOrEqual(COUNTER_WORKERS + PUBLISHERS[0]! + PUBLISHERS[1]!);
  expect(kinds.get('other') ?? 0).toBe(0);
  for (const failure of failures) {
    if (failure.kind === 'typed') expect(failure.message).toMatch(/shut/i);
  }
  expect(counters.lost).toBe(0);
  expect(counters.duplicated).toBe(0);
  expect(counters.finalMismatch).toBe(0);
  expect(pipeline.details).toEqual([]);
  expect(slowPipeline.details).toEqual([]);
  expect(integrity).toBe('ok');
}, 90_000);
