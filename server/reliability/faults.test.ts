// Actor faults over HTTP. Throwing handlers, hung handlers and failing onActivate are proven in the
// runtime's own tests (see docs/reliability.md); this adds what only the HTTP path can show: a
// caller's deadline (actors.invoke timeoutMs) turning into TIMEOUT while the actor is busy, without
// disturbing the work it is busy with, and a throwing action leaving state unchanged.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { z } from 'zod';
import { defineActor } from '../runtime/definition.ts';
import { serveTroupe, startTempTroupe, type TempTroupe } from '../test-support/temp-troupe.ts';
import { codeOf, type TroupeRpc, troupeClient } from './support/clients.ts';

/** While set, `held` turns wait for it: a turn kept running until the test lets it end. */
let held: { started: boolean; release: Promise<void> } = { started: false, release: Promise.resolve() };

/**
 * A test type: `work` takes `ms` of wall time (awaiting), `held` runs until the test releases it,
 * `fail` throws after changing state.
 */
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
    held: {
      input: z.object({}),
      handler: async (ctx) => {
        held.started = true;
        await held.release;
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
  // The slow turn runs until the TIMEOUT has arrived, however slow the machine: the timeout cannot
  // have come from the turn ending, only from the ask's own deadline (the sweeper, every 100 ms).
  let release!: () => void;
  held = { started: false, release: new Promise((resolve) => (release = resolve)) };
  let slowSettled = false;
  const slow = invoke('held', {}).finally(() => {
    slowSettled = true;
  });
  while (!held.started) await new Promise((resolve) => setTimeout(resolve, 5));
  const started = performance.now();
  const late = await invoke('get', {}, 50).catch((error) => error);
  const waited = performance.now() - started;
  console.log(`timeouts over HTTP: ${codeOf(late)} after ${waited.toFixed(0)} ms`);
  expect(codeOf(late)).toBe('TIMEOUT');
  expect(late.message).toMatch(/did not answer get in time/);
  expect(slowSettled).toBe(false); // it failed at its deadline, while the turn ahead still ran
  expect(waited).toBeLessThan(5_000); // 50 ms + a sweep (100 ms) + HTTP, with room for a busy machine
  release();
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
