// Publishing a file: batching, NDJSON and JSON arrays, and retry with backoff on a full intake.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TRPCClientError } from '@trpc/client';
import { describe, expect, it } from 'vitest';
import type { PipelineHandle } from '../client/index.ts';
import { describeFailure, EXIT } from './exit-codes.ts';
import { createProgress } from './progress.ts';
import { publishFile } from './publish-events.ts';

const dir = mkdtempSync(join(tmpdir(), 'troupe-publish-'));
const overloaded = () =>
  TRPCClientError.from({ error: { message: 'full', code: -32029, data: { code: 'TOO_MANY_REQUESTS' } } });

type FakePipeline = PipelineHandle & { batches: unknown[][]; sentIds: (string | undefined)[] };

function fakePipeline(failures: number[]): FakePipeline {
  let call = 0;
  const batches: unknown[][] = [];
  const sentIds: (string | undefined)[] = [];
  return {
    id: 'p',
    batches,
    sentIds,
    publish: async (events, options) => {
      sentIds.push(options?.batchId);
      if (failures.includes(call++)) throw overloaded();
      batches.push(events);
      return { accepted: events.length };
    },
  } as FakePipeline;
}

const lines: string[] = [];
const options = (maxRetries = 3) => ({
  batchSize: 2,
  runId: 'run',
  maxRetries,
  backoffMs: 100,
  progress: createProgress({ write: (t: string) => lines.push(t) }, () => 0),
  sleep: async () => {},
});

describe('publishFile', () => {
  it('sends NDJSON in batches, skipping blank lines, and retries a batch the intake rejected', async () => {
    const file = join(dir, 'events.ndjson');
    writeFileSync(
      file,
      '{"sensorId":"a","value":1}\n\n{"sensorId":"a","value":2}\n{"sensorId":"b","value":3}\n',
    );
    const pipeline = fakePipeline([0, 1]);
    const summary = await publishFile(pipeline, file, options());
    expect(pipeline.batches).toEqual([
      [
        { sensorId: 'a', value: 1 },
        { sensorId: 'a', value: 2 },
      ],
      [{ sensorId: 'b', value: 3 }],
    ]);
    expect(summary).toMatchObject({ published: 3, batches: 2, retries: 2 });
    expect(pipeline.sentIds).toEqual(['run:0', 'run:0', 'run:0', 'run:1']); // a resend keeps its batch id
    expect(lines.at(-1)).toMatch(/^published 3 events in 2 batches \(100%.*2 retries\) in [\d.]+ s\n$/);
  });

  it('reads a JSON array file too', async () => {
    const file = join(dir, 'events.json');
    writeFileSync(file, JSON.stringify([1, 2, 3].map((value) => ({ sensorId: 's', value }))));
    const pipeline = fakePipeline([]);
    expect((await publishFile(pipeline, file, options())).published).toBe(3);
    expect(pipeline.batches.map((b) => b.length)).toEqual([2, 1]);
  });

  it('gives up after maxRetries with the overload error (exit 4)', async () => {
    const file = join(dir, 'one.ndjson');
    writeFileSync(file, '{"sensorId":"a","value":1}\n');
    const failure = await publishFile(fakePipeline([0, 1, 2]), file, options(2)).catch((e) => e);
    expect(describeFailure(failure)).toMatchObject({ exitCode: EXIT.busy, code: 'TOO_MANY_REQUESTS' });
  });
});
