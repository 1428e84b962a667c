// Contract: state an actor builds itself from client data never makes the control plane answer 500.
// A dictionary actor stores entries under names a client chose; after `constructor` becomes one,
// the applied ask answers 200 with `result: null` and the reason in `unreadable` (a 500 would
// invite a retry of a turn that already committed), and actors.get and actors.list keep answering.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineActor } from '../runtime/definition.ts';
import { rawCall } from '../test-support/raw-call.ts';
import { serveTroupe, startTempTroupe, type TempTroupe } from '../test-support/temp-troupe.ts';

const dictionary = defineActor({
  type: 'dictionary',
  state: () => ({ entries: {} as Record<string, string> }),
  journal: true,
  actions: {
    set: {
      input: z.object({ name: z.string(), value: z.string() }),
      // defineProperty: the name is data, never the prototype (what a careful actor does).
      handler: (ctx, { name, value }) => {
        const entries = { ...ctx.state.entries };
        Object.defineProperty(entries, name, { value, enumerable: true, writable: true, configurable: true });
        ctx.state.entries = entries;
        return entries;
      },
    },
  },
});

let temp: TempTroupe;
let http: Awaited<ReturnType<typeof serveTroupe>>;
beforeEach(async () => {
  temp = await startTempTroupe({ types: [dictionary] });
  http = await serveTroupe(temp.troupe);
});
afterEach(async () => {
  await http.stop();
  await temp.close();
});

describe('state an actor built with a reserved key', () => {
  it('answers the ask, the get and the list with the unreadable parts reported', async () => {
    const address = { type: 'dictionary', key: 'words' };
    const set = (name: string) =>
      rawCall(http.url, 'actors.invoke', { ...address, action: 'set', args: { name, value: 'v' } });
    expect((await set('word')).data).toEqual({ result: { word: 'v' }, version: 1 });

    const reply = await set('constructor');
    expect(reply.status).toBe(200);
    expect(reply.data).toEqual({
      result: null,
      version: 2,
      unreadable: expect.stringMatching(/^result\.constructor: reserved key/),
    });

    const get = await rawCall(http.url, 'actors.get', address, 'query');
    expect(get.status).toBe(200);
    const detail = get.data as { state: unknown; version: number; unreadable: string[] };
    expect(detail.version).toBe(2);
    expect(detail.state).toBeNull();
    expect(detail.unreadable).toContain(
      'state.entries.constructor: reserved key (__proto__, constructor, prototype)',
    );
    const list = await rawCall(http.url, 'actors.list', {}, 'query');
    expect(list.status).toBe(200);
    expect((list.data as { items: { key: string }[] }).items.map((item) => item.key)).toEqual(['words']);
  });
});
