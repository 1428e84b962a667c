// The WebSocket wire against the real HTTP server: typed calls with the control plane's error codes,
// the token on the connection, bounded in-flight calls, a connection dropped mid-calls (retriable
// errors; a keyed retry applies once), subscriptions that survive a reconnect, slow subscribers
// ended with a typed error, and malformed frames answered without harm.
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { z } from 'zod';
import { TroupeWireError, WireClient } from '../../client/wire-client.ts';
import { defineActor } from '../runtime/definition.ts';
import { rawRequest } from '../test-support/raw-http.ts';
import { serveTroupe, startTempTroupe, type TempTroupe } from '../test-support/temp-troupe.ts';
import type { TServerFrame } from './protocol.ts';

const room = defineActor({
  type: 'wire-room',
  state: () => ({ posts: 0 }),
  actions: {
    post: {
      input: z.object({ text: z.string().max(100_000) }),
      handler: (ctx, { text }) => {
        ctx.state.posts++;
        ctx.broadcast('message', { text });
        return ctx.state.posts;
      },
    },
    slow: {
      input: z.object({ ms: z.number() }),
      handler: async (ctx, { ms }) => {
        await new Promise((resolve) => setTimeout(resolve, ms));
        return ++ctx.state.posts;
      },
    },
  },
});

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function serve(options: Parameters<typeof serveTroupe>[1] = {}) {
  const temp: TempTroupe = await startTempTroupe({ types: [room] });
  const http = await serveTroupe(temp.troupe, options);
  cleanup.push(() => temp.close());
  cleanup.push(() => http.stop());
  return { temp, http };
}

function wire(url: string, token?: string): WireClient {
  const client = new WireClient({ url, token, minReconnectMs: 20 });
  cleanup.push(() => client.close());
  return client;
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => {
      expect(error).toBeInstanceOf(TroupeWireError);
      return error as TroupeWireError;
    },
  );

/** A raw socket for frames the SDK would never send. */
async function rawSocket(url: string): Promise<{ ws: WebSocket; frames: TServerFrame[] }> {
  const ws = new WebSocket(`${url.replace('http', 'ws')}/api/ws`);
  const frames: TServerFrame[] = [];
  ws.on('message', (data) => frames.push(...[JSON.parse(data.toString())].flat())); // a frame or an array
  await new Promise((resolve) => ws.once('open', resolve));
  cleanup.push(() => ws.terminate());
  return { ws, frames };
}

describe('calls over the wire', () => {
  it('answers asks and tells with the results and error codes of the control plane', async () => {
    const { http } = await serve();
    const client = wire(http.url);
    expect(await client.ask('counter', 'w', 'increment', { by: 2 })).toEqual({ result: 2, version: 1 });
    await client.tell('counter', 'w', 'increment', {});
    await expect.poll(async () => (await client.ask('counter', 'w', 'get', {})).result).toBe(3);
    const bad = await failure(client.ask('counter', 'w', 'increment', { by: 'x' }));
    expect(bad.data).toEqual({ code: 'BAD_REQUEST', actorCode: 'BAD_INPUT' });
    expect((await failure(client.ask('nope', 'w', 'x', {}))).data.code).toBe('NOT_FOUND');
    expect((await failure(client.ask('pipeline-op', 'w', 'x', {}))).data.code).toBe('FORBIDDEN');
    expect((await failure(client.tell('counter', 'w', 'nope', {}))).data.code).toBe('NOT_FOUND');
    expect(bad.retriable).toBe(false);
  });

  it('requires the token on the connection when one is set', async () => {
    const { http } = await serve({ token: 'wire-secret-1' });
    const refused = await failure(wire(http.url, 'wrong-token').ask('counter', 'a', 'get', {}));
    expect(refused.data.code).toBe('UNAUTHORIZED');
    const none = await failure(wire(http.url).ask('counter', 'a', 'get', {}));
    expect(none.data.code).toBe('UNAUTHORIZED');
    expect((await wire(http.url, 'wire-secret-1').ask('counter', 'a', 'get', {})).result).toBe(0);
    // A browser-style client sends the token in its hello frame instead of a header.
    const { ws, frames } = await rawSocket(http.url);
    ws.send(JSON.stringify({ op: 'hello', token: 'wire-secret-1' }));
    ws.send(JSON.stringify({ op: 'ask', id: 7, type: 'counter', key: 'a', action: 'get', args: {} }));
    await expect
      .poll(() => frames)
      .toEqual([{ op: 'ready' }, { op: 'result', id: 7, result: 0, version: 0 }]);
  });

  it('bounds the calls in flight on one connection (TOO_MANY_REQUESTS), the others run', async () => {
    const { http } = await serve({ wireLimits: { maxInFlight: 4 } });
    const client = wire(http.url);
    const calls = Array.from({ length: 10 }, (_, i) =>
      client.ask('wire-room', `k${i}`, 'slow', { ms: 50 }).then(
        () => 'ok',
        (error: TroupeWireError) => error.data.code,
      ),
    );
    const outcomes = await Promise.all(calls);
    expect(outcomes.filter((o) => o === 'ok')).toHaveLength(4);
    expect(outcomes.filter((o) => o === 'TOO_MANY_REQUESTS')).toHaveLength(6);
  });

  it('a dropped connection fails the calls in flight as retriable; a keyed retry after the reconnect applies once', async () => {
    const { http } = await serve();
    const client = wire(http.url);
    await client.ask('counter', 'drop', 'get', {});
    const inFlight = client.ask('wire-room', 'drop', 'slow', { ms: 200 }, { idempotencyKey: 'op-1' });
    await new Promise((resolve) => setTimeout(resolve, 30));
    for (const ws of serverSockets(http)) ws.terminate();
    const lost = await failure(inFlight);
    expect(lost.data.code).toBe('SERVICE_UNAVAILABLE');
    expect(lost.retriable).toBe(true);
    // The turn itself ran on: the retry with the same key is answered with its result, not run again.
    await new Promise((resolve) => setTimeout(resolve, 250));
    const retried = await client.ask('wire-room', 'drop', 'slow', { ms: 1 }, { idempotencyKey: 'op-1' });
    expect(retried).toEqual({ result: 1, version: 1 });
  });
});

describe('a silent server', () => {
  it('fails a call TIMEOUT once past its deadline plus the grace, even if the connection stays open', async () => {
    const { WebSocketServer } = await import('ws');
    const silent = new WebSocketServer({ port: 0, host: '127.0.0.1', path: '/api/ws' });
    silent.on('connection', (ws) => ws.send('{"op":"ready"}')); // answers nothing after that
    cleanup.push(() => new Promise<void>((resolve) => silent.close(() => resolve())));
    await new Promise((resolve) => silent.once('listening', resolve));
    const { port } = silent.address() as { port: number };
    const client = new WireClient({ url: `http://127.0.0.1:${port}`, deadlineGraceMs: 100 });
    cleanup.push(() => client.close());
    const started = performance.now();
    const error = await failure(client.ask('counter', 'k', 'get', {}, { timeoutMs: 200 }));
    expect(error.data.code).toBe('TIMEOUT');
    expect(error.retriable).toBe(true);
    expect(performance.now() - started).toBeGreaterThanOrEqual(300);
    for (const ws of silent.clients) ws.terminate();
  });
});

describe('subscriptions', () => {
  it('delivers broadcasts and changes, and renews them after a reconnect', async () => {
    const { temp, http } = await serve();
    const client = wire(http.url);
    const seen: unknown[] = [];
    const changes: string[] = [];
    client.subscribe(
      'wire-room',
      'lobby',
      'broadcasts',
      (e) => e.kind === 'broadcast' && seen.push(e.payload),
    );
    client.subscribe('wire-room', 'lobby', 'changes', (e) =>
      changes.push(e.kind === 'turn' ? `turn:v${e.version}` : e.kind),
    );
    await client.ask('counter', 'sync', 'get', {}); // the subscriptions were sent before this call
    const ref = temp.troupe.runtime.get('wire-room', 'lobby');
    await ref.ask('post', { text: 'one' });
    await expect.poll(() => seen).toEqual([{ text: 'one' }]);
    expect(changes).toContain('turn:v1');
    for (const ws of serverSockets(http)) ws.terminate();
    await expect
      .poll(async () => (await client.ask('counter', 'sync', 'get', {}).catch(() => null))?.result)
      .toBe(0);
    await ref.ask('post', { text: 'two' });
    await expect.poll(() => seen).toEqual([{ text: 'one' }, { text: 'two' }]);
  });

  it('ends the subscriptions of a subscriber that does not read, with a typed error, and keeps nothing for it', async () => {
    const { temp, http } = await serve({
      wireLimits: { softBufferBytes: 64 * 1024, hardBufferBytes: 1 << 30 },
    });
    const { ws, frames } = await rawSocket(http.url);
    ws.send(JSON.stringify({ op: 'subscribe', id: 1, type: 'wire-room', key: 'flood', to: 'broadcasts' }));
    await expect.poll(() => frames).toEqual([{ op: 'ready' }, { op: 'queued', id: 1 }]);
    (ws as unknown as { _socket: { pause(): void; resume(): void } })._socket.pause(); // stop reading
    const ref = temp.troupe.runtime.get('wire-room', 'flood');
    const text = 'x'.repeat(60_000);
    for (let i = 0; i < 300; i++) await ref.ask('post', { text });
    (ws as unknown as { _socket: { resume(): void } })._socket.resume();
    await expect
      .poll(() => frames.find((f) => f.op === 'ended'), { timeout: 10_000 })
      .toMatchObject({
        op: 'ended',
        id: 1,
        error: { code: 'TOO_MANY_REQUESTS', message: expect.stringMatching(/slow subscriber/) },
      });
    const delivered = frames.flatMap((f) => (f.op === 'events' ? f.events : [])).length;
    expect(delivered).toBeLessThan(300);
  });
});

describe('malformed frames', () => {
  it('are answered with BAD_REQUEST or PARSE_ERROR and leave the connection usable', async () => {
    const { http } = await serve();
    const { ws, frames } = await rawSocket(http.url);
    const bad = [
      'not json',
      '[1]',
      '{"op":"ask"}',
      '{"op":"ask","id":1,"type":"counter","key":"k","action":"increment","args":{"__proto__":{"x":1}}}',
      '{"op":"ask","id":2,"type":"counter","key":"","action":"get"}',
      '{"op":"teleport","id":3}',
      '{"op":"ask","id":-1,"type":"counter","key":"k","action":"get"}',
      JSON.stringify({ op: 'ask', id: 4, type: 'counter', key: 'k', action: 'get', extra: true }),
    ];
    for (const text of bad) ws.send(text);
    ws.send(JSON.stringify(Array.from({ length: 1_025 }, (_, i) => ({ op: 'tell', id: 100 + i }))));
    ws.send(JSON.stringify({ op: 'ask', id: 9, type: 'counter', key: 'k', action: 'get' }));
    await expect.poll(() => frames.at(-1)).toEqual({ op: 'result', id: 9, result: 0, version: 0 });
    const errors = frames.filter((f) => f.op === 'error');
    expect(errors).toHaveLength(bad.length + 1);
    for (const error of errors) {
      expect(['BAD_REQUEST', 'PARSE_ERROR', 'PAYLOAD_TOO_LARGE']).toContain(
        error.op === 'error' && error.error.code,
      );
    }
    // Frames sent together in one message are each answered.
    ws.send(
      JSON.stringify([1, 2, 3].map((id) => ({ op: 'ask', id, type: 'counter', key: 'b', action: 'get' }))),
    );
    await expect.poll(() => frames.filter((f) => f.op === 'result').length).toBe(4);
  });
});

describe('the endpoint', () => {
  it('answers an upgrade to a path under /api/ws that is not the wire with 404, at once', async () => {
    const { http } = await serve();
    const port = Number(new URL(http.url).port);
    for (const path of ['/api/wsx', '/api/ws/other']) {
      const answer = await rawRequest(
        port,
        {
          path,
          headers: {
            Upgrade: 'websocket',
            Connection: 'Upgrade',
            'Sec-WebSocket-Version': '13',
            'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
          },
        },
        2_000,
      );
      expect(answer.status).toBe(404);
    }
  });
});

describe('fuzzed messages', () => {
  it('never crash the server, close the connection or answer INTERNAL_SERVER_ERROR; a later call still works', async () => {
    const { http } = await serve();
    const { ws, frames } = await rawSocket(http.url);
    const frameLike = fc.record(
      {
        op: fc.constantFrom('ask', 'tell', 'subscribe', 'unsubscribe', 'hello', 'nope'),
        id: fc.oneof(fc.integer(), fc.double(), fc.string()),
        type: fc.oneof(fc.constantFrom('counter', 'pipeline-op', '__proto__'), fc.string()),
        key: fc.string({ maxLength: 300 }),
        action: fc.oneof(fc.constantFrom('get', 'constructor', 'increment'), fc.string()),
        args: fc.jsonValue({ maxDepth: 4 }),
        to: fc.string(),
      },
      { requiredKeys: [] },
    );
    const message = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.jsonValue({ maxDepth: 5 }).map((v) => JSON.stringify(v) ?? 'null'),
      frameLike.map((f) => JSON.stringify(f)),
      fc.array(frameLike, { maxLength: 5 }).map((f) => JSON.stringify(f)),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(message, { minLength: 1, maxLength: 20 }), async (messages) => {
        for (const text of messages) ws.send(text);
        const id = 1_000_000 + frames.length;
        ws.send(JSON.stringify({ op: 'ask', id, type: 'counter', key: 'fuzz-probe', action: 'get' }));
        await expect.poll(() => frames.some((f) => f.op === 'result' && f.id === id)).toBe(true);
        expect(ws.readyState).toBe(WebSocket.OPEN);
      }),
      { numRuns: 100 },
    );
    expect(frames.filter((f) => f.op === 'error' && f.error.code === 'INTERNAL_SERVER_ERROR')).toEqual([]);
  });
});

function serverSockets(http: Awaited<ReturnType<typeof serveTroupe>>): WebSocket[] {
  return [...http.server.wire.sockets()];
}
