// Actor faults over HTTP. Throwing handlers, hung handlers and failing onActivate are proven in the
// runtime's own tests (see docs/reliability.md); this adds what only the HTTP path can show with
// the built-in actor types: a caller's deadline (actors.invoke timeoutMs) turning into TIMEOUT
// while the actor is busy, without disturbing the work it is busy with.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { referencePipeline } from '../pipelines/reference.ts';
import { serveTroupe, startTempTroupe, type TempTroupe } from '../test-support/temp-troupe.ts';
import { codeOf, sleep, type TroupeRpc, troupeClient } from './support/clients.ts';
import { readResults } from './support/pipeline-load.ts';

let temp: TempTroupe;
let http: Awaited<ReturnType<typeof serveTroupe>>;
let client: TroupeRpc;

beforeAll(async () => {
  temp = await startTempTroupe();
  http = await serveTroupe(temp.troupe);
  client = troupeClient(http.url);
});

afterAll(async () => {
  await http.stop();
  await temp.close();
});

it('an ask queued behind slow turns fails TIMEOUT at its deadline; the actor and its work carry on', async () => {
  // Two expensive stages (10 ms per event each, one event per turn). A turn of the first operator
  // lasts until the second has processed its output: while the second burns CPU, an ask queued at
  // the first waits (the event loop is free in between, so the ask does arrive and queue).
  const spec = {
    name: 'slow',
    operators: [
      { kind: 'map' as const, config: { costMs: 10 } },
      { kind: 'map' as const, config: { costMs: 10 } },
      { kind: 'reduce' as const, config: { windowSize: 4, fn: 'sum' as const } },
    ],
  };
  const { id } = await client.pipelines.create.mutate(spec);
  const events = Array.from({ length: 40 }, (_, i) => ({ sensorId: 'x', value: i, ts: i + 1 }));
  const publishing = client.pipelines.publish.mutate({ id, events }).catch((error) => error);
  await sleep(30);
  const outcomes: string[] = [];
  // The operator is between two turns now and then (~1 ms in 10): try a few times.
  for (let attempt = 0; attempt < 8 && !outcomes.includes('TIMEOUT'); attempt++) {
    const started = performance.now();
    const outcome = await client.actors.invoke
      .mutate({ type: 'pipeline-op', key: `${id}/0/0`, action: 'exportWindows', args: {}, timeoutMs: 5 })
      .then(
        () => 'answered',
        (error) => {
          const code = codeOf(error) ?? 'no code';
          if (code === 'TIMEOUT') {
            expect(error.message).toMatch(/did not answer exportWindows in time/);
            expect(performance.now() - started).toBeLessThan(300);
          }
          return code;
        },
      );
    outcomes.push(outcome);
  }
  console.log(`timeouts over HTTP: ${outcomes.join(', ')}`);
  expect(outcomes).toContain('TIMEOUT');
  expect(outcomes.every((o) => o === 'TIMEOUT' || o === 'answered')).toBe(true);

  // The publish the actor was busy with completes, exactly, and the actor answers again.
  await expect(publishing).resolves.toEqual({ accepted: 40 });
  expect(await readResults(client, id)).toEqual(referencePipeline(spec as never, events));
  const windows = await client.actors.invoke.mutate({
    type: 'pipeline-op',
    key: `${id}/0/0`,
    action: 'exportWindows',
    args: {},
    timeoutMs: 5_000,
  });
  expect(windows).toMatchObject({ version: expect.any(Number) });
  const metrics = await client.system.metrics.query();
  expect(metrics.timeouts).toBeGreaterThan(0);
});
