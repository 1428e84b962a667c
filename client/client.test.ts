// The client SDK against a real server: typed actor and pipeline helpers, the raw tRPC procedures,
// the bearer token, and the original createTroupeClient(url) signature.
import { describe, expect, expectTypeOf, it } from 'vitest';
import { serveTroupe, serveTroupeForThisFile } from '../server/test-support/temp-troupe.ts';
import { createTroupeClient, type ProjectActors } from './index.ts';

const fixture = serveTroupeForThisFile();

describe('client.actor()', () => {
  it('asks with typed args and results, and reads back version, state and journal', async () => {
    const client = createTroupeClient({ url: fixture.url });
    const counter = client.actor('counter', 'sdk-1');
    const count = await counter.ask('increment', { by: 2 });
    expectTypeOf(count).toEqualTypeOf<number>();
    expect(count).toBe(2);
    expect(await counter.askWithVersion('increment', { by: 3 })).toEqual({ result: 5, version: 2 });
    expect(await counter.ask('get')).toBe(5);
    const actor = await counter.get();
    expect(actor).toMatchObject({ type: 'counter', key: 'sdk-1', status: 'active', state: { count: 5 } });
    expect(actor.journal.map((j) => j.action)).toContain('increment');
  });

  it('passes ask options through (idempotency key: a retry is answered, not applied again)', async () => {
    const counter = createTroupeClient(fixture.url).actor('counter', 'sdk-idem');
    expect(await counter.ask('increment', { by: 4 }, { idempotencyKey: 'op-1', timeoutMs: 5_000 })).toBe(4);
    expect(await counter.ask('increment', { by: 4 }, { idempotencyKey: 'op-1' })).toBe(4);
    expect(await counter.ask('get')).toBe(4);
  });

  it('tells, deactivates, reactivates from storage and destroys', async () => {
    const counter = createTroupeClient(fixture.url).actor('counter', 'sdk-2');
    await counter.tell('increment', { by: 7 });
    await expect.poll(() => counter.ask('get')).toBe(7);
    expect(await counter.deactivate()).toBe(true);
    expect(await counter.ask('get')).toBe(7); // re-activated from SQLite
    await counter.destroy();
    await expect(counter.get()).rejects.toMatchObject({ data: { code: 'NOT_FOUND' } });
  });

  it('rejects invalid args at the server with BAD_REQUEST and leaves unknown types untyped', async () => {
    const client = createTroupeClient(fixture.url);
    // @ts-expect-error `by` must be a number
    await expect(client.actor('counter', 'sdk-3').ask('increment', { by: 'x' })).rejects.toMatchObject({
      data: { code: 'BAD_REQUEST' },
    });
    const untyped = client.actor('no-such-type', 'k');
    expectTypeOf(untyped.ask).returns.resolves.toBeUnknown();
    await expect(untyped.ask('anything')).rejects.toMatchObject({ data: { code: 'NOT_FOUND' } });
  });
});

describe('typed from the actors/ folder (client/project-actors.gen.ts)', () => {
  it('reads args (input side: defaults optional) and results (awaited handler returns) off each definition', async () => {
    expectTypeOf<ProjectActors['counter']['increment']['args']>().toEqualTypeOf<{ by?: number }>();
    expectTypeOf<ProjectActors['counter']['increment']['result']>().toEqualTypeOf<number>();
    expectTypeOf<ProjectActors['bank-account']['balance']['result']>().toEqualTypeOf<number>();
    expectTypeOf<ProjectActors['reminder']['fired']['result']>().toMatchTypeOf<
      readonly { message: string; firedAt: number }[]
    >();
    const client = createTroupeClient(fixture.url);
    const room = client.actor('chat-room', 'typed');
    // @ts-expect-error `text` is required by chat-room's post schema
    await expect(room.ask('post', { user: 'ada' })).rejects.toMatchObject({ data: { code: 'BAD_REQUEST' } });
    // @ts-expect-error chat-room has no such action
    await expect(room.ask('shout', {})).rejects.toMatchObject({ data: { code: 'NOT_FOUND' } });
    await room.ask('post', { user: 'ada', text: 'hello' });
    const history = await room.ask('history', {});
    expect(history.map((m) => m.text)).toEqual(['hello']);
  });
});

describe('client.pipeline()', () => {
  it('publishes, reads results, scales, stops and starts', async () => {
    const client = createTroupeClient(fixture.url);
    const { id } = await client.pipelines.create.mutate({
      name: 'sdk-pipe',
      operators: [{ kind: 'filter', config: { threshold: 50 } }],
    });
    const pipeline = client.pipeline(id);
    expect(
      await pipeline.publish([
        { sensorId: 's', value: 80 },
        { sensorId: 's', value: 10 },
      ]),
    ).toEqual({ accepted: 2, duplicates: 0 });
    const { items } = await pipeline.results({ afterSeq: 0 });
    expect(items.map((i) => i.output.value)).toEqual([80]);
    await pipeline.scale(0, 3);
    expect((await pipeline.get()).operators[0]?.partitions).toBe(3);
    await pipeline.stop();
    await expect(pipeline.publish([{ sensorId: 's', value: 1 }])).rejects.toMatchObject({
      data: { code: 'PRECONDITION_FAILED' },
    });
    await pipeline.start();
    await pipeline.delete();
  });
});

describe('token', () => {
  it('sends Authorization: Bearer when given one', async () => {
    const guarded = await serveTroupe(fixture.temp.troupe, { token: 'sdk-secret-1' });
    try {
      const anonymous = createTroupeClient(guarded.url).actor('counter', 'sdk-4');
      await expect(anonymous.ask('get')).rejects.toMatchObject({ data: { code: 'UNAUTHORIZED' } });
      const authed = createTroupeClient({ url: guarded.url, token: 'sdk-secret-1' });
      expect(await authed.actor('counter', 'sdk-4').ask('increment', { by: 1 })).toBe(1);
    } finally {
      await guarded.stop();
    }
  });
});

describe('transport: ws', () => {
  it('carries the same typed calls over one WebSocket, with subscriptions and close()', async () => {
    const client = createTroupeClient({ url: fixture.url, transport: 'ws' });
    try {
      const counter = client.actor('counter', 'sdk-ws');
      expectTypeOf(counter.ask).returns.resolves.toEqualTypeOf<number>();
      expect(await counter.ask('increment', { by: 3 })).toBe(3);
      expect(await counter.askWithVersion('get')).toEqual({ result: 3, version: 1 });
      await counter.tell('increment', { by: 1 });
      await expect.poll(() => counter.ask('get')).toBe(4);
      // @ts-expect-error `by` must be a number
      await expect(counter.ask('increment', { by: 'x' })).rejects.toMatchObject({
        data: { code: 'BAD_REQUEST' },
      });

      const room = client.actor('chat-room', 'sdk-ws');
      const messages: unknown[] = [];
      const versions: number[] = [];
      const stopMessages = room.subscribe('message', (payload) => messages.push(payload));
      const stopWatch = room.watch((change) => change.kind === 'turn' && versions.push(change.version));
      await counter.ask('get'); // the subscriptions went out before this call on the same connection
      await room.ask('post', { user: 'ada', text: 'over the wire' });
      await expect.poll(() => messages).toMatchObject([{ user: 'ada', text: 'over the wire' }]);
      await expect.poll(() => versions).toEqual([1]);
      stopMessages();
      stopWatch();
      await room.ask('post', { user: 'ada', text: 'unheard' });
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(messages).toHaveLength(1);
    } finally {
      client.close();
    }
    await expect(client.actor('counter', 'sdk-ws').ask('get')).resolves.toBe(4); // reopens on use
    client.close();
  });
});
