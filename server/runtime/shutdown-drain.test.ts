// Stopping drains honestly: new messages from outside are refused at once, while work already
// admitted finishes, including the messages its turns send to other actors (a pipeline batch
// crossing its operators). Only after the drain is everything refused.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { counter } from '../../actors/counter.ts';
import { defineActor } from './definition.ts';
import { createTestRuntime, deferred, expectActorError } from './testing/test-kit.ts';

const gate = deferred();
const relay = defineActor({
  type: 'relay',
  state: () => ({}),
  actions: {
    forward: {
      input: z.object({}),
      handler: async (ctx) => {
        await gate.promise; // the runtime starts stopping while this turn waits
        return ctx.get('counter', 'downstream').ask('increment', { by: 1 });
      },
    },
  },
});

describe('shutdown drain', () => {
  it('finishes admitted turns and their actor-to-actor messages, refusing new outside messages', async () => {
    const t = await createTestRuntime({ types: [counter, relay] });
    const forwarded = t.runtime.get('relay', 'r').ask('forward');
    await new Promise((resolve) => setImmediate(resolve));
    const stopping = t.runtime.stop(5_000);
    await expectActorError(t.runtime.get('counter', 'outside').ask('increment'), 'UNAVAILABLE');
    gate.resolve();
    expect(await forwarded).toBe(1);
    await stopping;
    const stored = await t.driver.load('counter', 'downstream');
    expect(JSON.parse(stored!.state)).toEqual({ count: 1 });
    await expectActorError(t.runtime.get('counter', 'downstream').ask('get'), 'UNAVAILABLE');
  });
});
