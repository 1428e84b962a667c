// The "done means": deploy a type to a running server, then deploy v2 while 32 clients keep
// invoking it. No call fails except with a typed retriable error (retried with its idempotency key,
// as a real client does); no increment is lost or applied twice across the swap; after a restart on
// the same database file v2 is what serves.
import { expect, test } from 'vitest';
import { codeOf, servedTroupePerTest } from '../test-support/served-troupe.ts';
import { createTroupeClient } from '../test-support/temp-troupe.ts';

const served = servedTroupePerTest();

/** `add` answers with the step that applied it, so every call tells which version ran it. */
const stepper = (step: number) => `import { defineActor } from 'troupe';
import { z } from 'zod';
export const stepper = defineActor({
  type: 'stepper',
  state: () => ({ count: 0 }),
  actions: {
    add: {
      input: z.object({}).strict(),
      handler: (ctx) => { ctx.state.count += ${step}; return { count: ctx.state.count, step: ${step} }; },
    },
    get: { input: z.object({}).strict(), handler: (ctx) => ctx.state.count },
  },
});
`;

const CLIENTS = 32;
const KEYS = ['k0', 'k1', 'k2', 'k3'];
/** Codes a client retries (with the same key): the server is busy or swapping, the call is safe to repeat. */
const RETRIABLE = new Set(['TOO_MANY_REQUESTS', 'SERVICE_UNAVAILABLE', 'TIMEOUT']);

type Added = { count: number; step: number };

test('v2 deployed under 32 concurrent clients: no failed call, no lost increment, v2 after restart', async () => {
  expect(
    await served.client.types.deploy.mutate({ fileName: 'stepper.ts', source: stepper(1) }),
  ).toMatchObject({ version: 1 });

  const applied = new Map<string, number>(KEYS.map((k) => [k, 0]));
  const failures: unknown[] = [];
  let retries = 0;
  const callsByStep = { 1: 0, 10: 0 } as Record<number, number>;
  let deployedAt = Number.POSITIVE_INFINITY;
  const stepsAfterDeploy: number[] = [];
  let stop = false;
  const answered = new Array<number>(CLIENTS).fill(0);
  /** Until every client has had `n` more answers than now: load on both sides of the swap. */
  const everyClientAnswers = async (n: number) => {
    const target = answered.map((count) => count + n);
    while (answered.some((count, c) => count < target[c]!) && failures.length === 0) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };

  const runClient = async (c: number) => {
    const client = createTroupeClient(served.url);
    const key = KEYS[c % KEYS.length]!;
    for (let i = 0; !stop; i++) {
      const startedAt = performance.now();
      const idempotencyKey = `client-${c}-${i}`;
      for (;;) {
        try {
          const added = (await client.actor('stepper', key).ask('add', {}, { idempotencyKey })) as Added;
          applied.set(key, applied.get(key)! + added.step);
          callsByStep[added.step] = (callsByStep[added.step] ?? 0) + 1;
          if (startedAt > deployedAt) stepsAfterDeploy.push(added.step);
          answered[c]!++;
          break;
        } catch (error) {
          if (!RETRIABLE.has(codeOf(error) ?? '')) {
            failures.push(error);
            return;
          }
          retries++;
        }
      }
    }
  };

  const clients = Array.from({ length: CLIENTS }, (_, c) => runClient(c));
  await everyClientAnswers(3);
  const v2 = await served.client.types.deploy.mutate({ fileName: 'stepper.ts', source: stepper(10) });
  deployedAt = performance.now();
  await everyClientAnswers(3);
  stop = true;
  await Promise.all(clients);

  expect(failures).toEqual([]);
  expect(v2).toMatchObject({ type: 'stepper', version: 2 });
  // Every key was resident and busy: each was drained onto the new code.
  expect(v2.drained).toBe(KEYS.length);
  // Calls made after the deploy answered all ran v2; calls before or during it ran one of the two.
  expect(callsByStep[1]).toBeGreaterThanOrEqual(3 * CLIENTS);
  expect(stepsAfterDeploy.length).toBeGreaterThanOrEqual(2 * CLIENTS);
  expect(new Set(stepsAfterDeploy)).toEqual(new Set([10]));
  for (const key of KEYS) {
    expect(await served.client.actor('stepper', key).ask('get', {})).toBe(applied.get(key));
  }
  console.info(`swap under load: calls by step ${JSON.stringify(callsByStep)}, ${retries} retried`);

  await served.restart();
  for (const key of KEYS) {
    const after = (await served.client.actor('stepper', key).ask('add', {})) as Added;
    expect(after).toEqual({ count: applied.get(key)! + 10, step: 10 });
  }
});
