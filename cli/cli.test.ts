// The `troupe` CLI as real child processes (bin/troupe.mjs) against a live server: JSON on stdout,
// errors on stderr, and the documented exit codes.
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTroupe } from '../server/test-support/run-child.ts';
import { serveTroupe, serveTroupeForThisFile } from '../server/test-support/temp-troupe.ts';

const fixture = serveTroupeForThisFile();

const troupe = (...args: string[]) => runTroupe([...args, '--url', fixture.url]);
const json = (stdout: string) => JSON.parse(stdout);
const errorOf = (stderr: string) => JSON.parse(stderr.trim().split('\n').at(-1)!).error;

/** A loopback port with nothing listening. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('troupe actors', () => {
  it('invokes, gets, lists and deactivates, printing JSON when stdout is not a terminal', async () => {
    const invoke = await troupe('actors', 'invoke', 'counter', 'cli-1', 'increment', '{"by":2}');
    expect(invoke.code).toBe(0);
    expect(json(invoke.stdout)).toEqual({ result: 2, version: 1 });

    const get = await troupe('actors', 'get', 'counter', 'cli-1');
    expect(get.code).toBe(0);
    expect(json(get.stdout)).toMatchObject({ type: 'counter', key: 'cli-1', state: { count: 2 } });

    const list = await troupe('actors', 'list', '--type', 'counter');
    expect(json(list.stdout).items.map((a: { key: string }) => a.key)).toContain('cli-1');

    const deactivate = await troupe('actors', 'deactivate', 'counter', 'cli-1');
    expect(json(deactivate.stdout)).toEqual({ deactivated: true });
  });

  it('prints tables with --table', async () => {
    await troupe('actors', 'spawn', 'counter', 'cli-table', '--label', 'team=a');
    const list = await troupe('actors', 'list', '--type', 'counter', '--table');
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^TYPE\s+KEY\s+STATUS/);
    expect(list.stdout).toMatch(/counter\s+cli-table\s+active .* team=a/);
  });

  it('exits 2 for not found, 3 for conflict, 1 for invalid input or usage', async () => {
    const missing = await troupe('actors', 'get', 'counter', 'never-created');
    expect(missing.code).toBe(2);
    expect(missing.stdout).toBe('');
    expect(errorOf(missing.stderr)).toMatchObject({ code: 'NOT_FOUND', exitCode: 2 });

    await troupe('actors', 'spawn', 'counter', 'cli-twice');
    const conflict = await troupe('actors', 'spawn', 'counter', 'cli-twice');
    expect(conflict.code).toBe(3);
    expect(errorOf(conflict.stderr).code).toBe('CONFLICT');

    const invalid = await troupe('actors', 'invoke', 'counter', 'cli-1', 'increment', '{"by":"x"}');
    expect(invalid.code).toBe(1);
    expect(errorOf(invalid.stderr).code).toBe('BAD_REQUEST');

    expect((await troupe('actors', 'frobnicate')).code).toBe(1);
    expect((await troupe('actors', 'get', 'counter')).code).toBe(1); // missing <key>
    expect((await troupe('actors', 'list', '--no-such-flag')).code).toBe(1);
  });

  it('exits 6 when nothing listens at --url', async () => {
    const run = await runTroupe(['actors', 'list', '--url', `http://127.0.0.1:${await closedPort()}`]);
    expect(run.code).toBe(6);
    expect(errorOf(run.stderr).code).toBe('CONNECT');
  });

  it('sends --token / TROUPE_TOKEN, and exits 5 when refused', async () => {
    const guarded = await serveTroupe(fixture.temp.troupe, { token: 'cli-secret-1' });
    try {
      const refused = await runTroupe(['actors', 'list', '--url', guarded.url]);
      expect(refused.code).toBe(5);
      expect(errorOf(refused.stderr).code).toBe('UNAUTHORIZED');
      const flag = await runTroupe(['actors', 'list', '--url', guarded.url, '--token', 'cli-secret-1']);
      expect(flag.code).toBe(0);
      const env = await runTroupe(['health'], { TROUPE_URL: guarded.url, TROUPE_TOKEN: 'cli-secret-1' });
      expect(json(env.stdout)).toMatchObject({ ok: true, db: 'ok' });
    } finally {
      await guarded.stop();
    }
  });
});

describe('troupe pipelines', () => {
  it('creates from a file, publishes an NDJSON file in batches with progress, reads results, scales', async () => {
    const spec = join(fixture.temp.dir, 'spec.json');
    writeFileSync(
      spec,
      JSON.stringify({ name: 'cli-pipe', operators: [{ kind: 'filter', config: { threshold: 50 } }] }),
    );
    const create = await troupe('pipelines', 'create', '--file', spec);
    expect(create.code).toBe(0);
    const { id } = json(create.stdout);

    const events = join(fixture.temp.dir, 'events.ndjson');
    const lines = Array.from({ length: 2500 }, (_, i) =>
      JSON.stringify({ sensorId: `s${i % 7}`, value: i % 100 }),
    );
    writeFileSync(events, `${lines.join('\n')}\n`);
    const publish = await troupe(
      'pipelines',
      'publish',
      id,
      '--file',
      events,
      '--batch',
      '500',
      '--run-id',
      'r1',
    );
    expect(publish.code).toBe(0);
    expect(json(publish.stdout)).toMatchObject({
      pipeline: id,
      runId: 'r1',
      published: 2500,
      batches: 5,
      retries: 0,
    });
    expect(publish.stderr).toMatch(/published 2500 events in 5 batches \(100%.*\) in [\d.]+ s\n$/);
    // A rerun with the same run id resends batch ids r1:0..r1:4: the pipeline applies none twice.
    expect(
      (await troupe('pipelines', 'publish', id, '--file', events, '--batch', '500', '--run-id', 'r1')).code,
    ).toBe(0);

    const results = await troupe('pipelines', 'results', id, '--limit', '5');
    const page = json(results.stdout);
    expect(page.items).toHaveLength(5);
    expect(page.items[0]).toMatchObject({ seq: 1, output: { value: expect.any(Number) } });
    expect((await troupe('pipelines', 'results', id, '--after-seq', String(page.nextSeq))).code).toBe(0);

    const scale = await troupe('pipelines', 'scale', id, '0', '4');
    expect(json(scale.stdout)).toMatchObject({ ok: true, partitions: 4 });
    const list = await troupe('pipelines', 'list');
    const listed = json(list.stdout).find((p: { id: string }) => p.id === id);
    // 2500 events, 1225 above the threshold: the rerun of r1 added no output (published counts sends).
    expect(listed).toMatchObject({ sinkOutputs: 1225 });
    expect(listed.operators[0].partitions).toBe(4);
  });

  it('exits 3 when publishing to a stopped pipeline, 1 for a malformed events file', async () => {
    const { id } = json(
      (await troupe('pipelines', 'create', '{"name":"cli-stopped","operators":[{"kind":"map"}]}')).stdout,
    );
    await troupe('pipelines', 'stop', id);
    const stopped = await troupe('pipelines', 'publish', id, '[{"sensorId":"a","value":1}]');
    expect(stopped.code).toBe(3);
    expect(errorOf(stopped.stderr).code).toBe('PRECONDITION_FAILED');

    const bad = join(fixture.temp.dir, 'bad.ndjson');
    writeFileSync(bad, '{"sensorId":"a","value":1}\nnot json\n');
    await troupe('pipelines', 'start', id);
    const malformed = await troupe('pipelines', 'publish', id, '--file', bad);
    expect(malformed.code).toBe(1);
    expect(errorOf(malformed.stderr).message).toContain('bad.ndjson:2');
    expect((await troupe('pipelines', 'get', 'no-such-pipeline')).code).toBe(2);
  });
});
