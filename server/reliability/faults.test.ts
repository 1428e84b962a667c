// Actor faults over HTTP. Throwing handlers, hung handlers and failing onActivate are proven in the
// runtime's own tests (see docs/reliability.md); this adds what only the HTTP path can show: a
// caller's deadline (actors.invoke timeoutMs) turning into TIMEOUT while the actor is busy, without
// disturbing the work it is busy with, and a throwing action leaving state unchanged.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { z } from 'zod';
import { defineActor } from '../runtime/definition.ts';
import { serveTroupe, startTempTroupe, type TempTroupe } from '../test-support/temp-troupe.ts';
import { codeOf, type TroupeRpc, troupeClient } from './support/clients.ts';

/** A test type: `work` takes `ms` of wall time (awaiting), `fail` throws after changing state. */
const worker = defineActor({
  type: 'worker',
  state: () => ({ done: 0 }),
  actions: {
    work: {
      input: z.object({ ms: z.number().int().min(0).max(5_000) }),
      handler: async (ctx, { ms }) => {
        await new Promise((resolve) => setTimeout(resolve, ms));
        ctx.state.done++;
        return ctx.state.done;
      },
    },
    fail: {
      input: z.object({}),
      handler: (ctx) => {
        ctx.state.done += 100;
        throw new Error('boom');
      },
    },
    get: { input: z.object({}), handler: (ctx) => ctx.state.done },
  },
});

let temp: TempTroupe;
let http: Awaited<ReturnType<typeof serveTroupe>>;
let client: TroupeRpc;

beforeAll(async () => {
  temp = await startTempTroupe({ types: [worker] });
  http = await serveTroupe(temp.troupe);
  client = troupeClient(http.url);
});

afterAll(async () => {
  await http.stop();
  await temp.close();
});

const invoke = (action: string, args: unknown, timeoutMs?: number) =>
  client.actors.invoke.mutate({ type: 'worker', key: 'w', action, args, timeoutMs });

it('an ask queued behind a slow turn fails TIMEOUT at its deadline; the actor and its work carry on', async () => {
  const slow = invoke('work', { ms: 400 });
  await new Promise((resolve) => setTimeout(resolve, 20)); // the slow turn is running
  const started = performance.now();
  const late = await invoke('get', {}, 50).catch((error) => error);
  const waited = performance.now() - started;
  console.log(`timeouts over HTTP: ${codeOf(late)} after ${waited.toFixed(0)} ms`);
  expect(codeOf(late)).toBe('TIMEOUT');
  expect(late.message).toMatch(/did not answer get in time/);
  expect(waited).toBeLessThan(300); // the sweeper runs every 100 ms
  await expect(slow).resolves.toEqual({ result: 1, version: 1 });
  expect(await invoke('get', {})).toEqual({ result: 1, version: 1 });
  const metrics = await client.system.metrics.query();
  expect(metrics.timeouts).toBeGreaterThan(0);
});

it('a throwing action answers UNPROCESSABLE_CONTENT with its message and leaves state as it was', async () => {
  const failed = await invoke('fail', {}).catch((error) => error);
  expect(codeOf(failed)).toBe('UNPROCESSABLE_CONTENT');
  expect(failed.message).toBe('boom');
  expect(await invoke('get', {})).toEqual({ result: 1, version: 1 });
  expect(await invoke('work', { ms: 0 })).toEqual({ result: 2, version: 2 });
});
