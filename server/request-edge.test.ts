// Nothing a client puts in a request can escape a handler: a table of malformed headers, cookies,
// URLs and bodies, sent as raw bytes to every route of a real server (tRPC GET and POST, /metrics,
// /auth/*, socket.io polling and websocket handshakes, the Next fallback), with and without a
// token. Every answer is < 500, no error reaches `uncaughtException`/`unhandledRejection` (which
// would end a production process), and the server still serves afterwards.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTroupeServer, type RequestHandler, type TroupeServer } from './http-server.ts';
import { type RawRequest, rawRequest } from './test-support/raw-http.ts';
import { attemptSocket } from './test-support/socket-attempt.ts';
import { startTempTroupe, type TempTroupe } from './test-support/temp-troupe.ts';

const TOKEN = 'correct-horse-battery';
const escaped: unknown[] = [];
const onEscape = (error: unknown) => escaped.push(error);
beforeAll(() => {
  process.on('uncaughtException', onEscape);
  process.on('unhandledRejection', onEscape);
});
afterAll(() => {
  process.off('uncaughtException', onEscape);
  process.off('unhandledRejection', onEscape);
});

/** Stands in for Next's handler: trusts its URL, as any page handler may, and is async. */
const pageHandler: RequestHandler = async (req, res) => {
  const path = decodeURIComponent(new URL(req.url ?? '/', 'http://page').pathname);
  res.writeHead(200, { 'content-type': 'text/plain' }).end(`page ${path.length}`);
};

const json = (value: unknown) => JSON.stringify(value);
const inputOf = (value: unknown) => encodeURIComponent(json({ json: value }));

const ROUTES: RawRequest[] = [
  { path: '/api/trpc/system.health' },
  { path: `/api/trpc/actors.list?input=${inputOf({})}` },
  {
    method: 'POST',
    path: '/api/trpc/actors.invoke',
    body: json({ json: { type: 'counter', key: 'k', action: 'increment' } }),
  },
  { method: 'POST', path: '/api/trpc/actors.list,system.health?batch=1', body: json({ 0: { json: {} } }) },
  { path: '/metrics' },
  { method: 'POST', path: '/auth/login', body: json({ token: 'not-the-token' }) },
  { method: 'POST', path: '/auth/logout' },
  { path: '/socket.io/?EIO=4&transport=polling' },
  {
    path: '/socket.io/?EIO=4&transport=websocket',
    headers: {
      Upgrade: 'websocket',
      Connection: 'Upgrade',
      'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
      'Sec-WebSocket-Version': '13',
    },
  },
  { path: '/actors/counter' },
];

/** Header lines a careless or hostile client sends (values are bytes: \xff is one latin1 byte). */
const BAD_HEADERS: Record<string, string>[] = [
  { Cookie: 'troupe_token=%E0%A4%A' },
  { Cookie: 'troupe_token=%; other=%%%' },
  { Cookie: ';;=;troupe_token;troupe_token==%ZZ' },
  { Cookie: 'troupe_token=\xff\xfe\xfd' },
  { Cookie: `troupe_token=${'%41'.repeat(3000)}` },
  { Authorization: 'Bearer %E0%A4%A' },
  { Authorization: 'Bearer' },
  { Authorization: 'Basic \xff\xfe' },
  { 'X-Request-Id': '\xff../../etc/passwd' },
  { 'Content-Type': 'application/json; charset=\xff' },
  { Origin: '%E0%A4%A' },
  { Origin: 'null' },
  { Origin: 'http://[' },
  { 'Sec-WebSocket-Key': '\xff', 'Sec-WebSocket-Version': '99' },
];

const BAD_HOSTS = ['[', '', 'a:b:c', `${'x'.repeat(5000)}.example`, '127.0.0.1:99999', '\xff\xfe'];

const BAD_URLS: RawRequest[] = [
  { path: '/api/trpc/%E0%A4%A' },
  { path: '/api/trpc/system.health?input=%E0%A4%A' },
  { path: '/api/trpc/actors.list?input={' },
  { path: `/api/trpc/actors.list?batch=1&input=${encodeURIComponent('{"0":1}')}` },
  { path: '/api/trpc/?batch=1' },
  { path: '/api/trpc/..%2F..%2Fmetrics' },
  { path: '/api/trpc/actors.invoke?batch=1' },
  { method: 'POST', path: '/api/trpc/actors.invoke?batch=%E0', body: '{}' },
  { path: '/metrics?%E0%A4%A' },
  { method: 'POST', path: '/auth/%E0%A4%A' },
  { method: 'POST', path: '/auth/login?%E0' },
  { path: '/socket.io/?EIO=%E0&transport=polling' },
  { path: '/socket.io/?EIO=4&transport=polling&sid=%E0%A4%A' },
  { method: 'POST', path: '/socket.io/?EIO=4&transport=polling&sid=nope', body: '40' },
  { path: '/%E0%A4%A' },
  { path: '//' },
  { path: 'http://evil.example/api/trpc/system.health' },
  { method: 'OPTIONS', path: '*' },
  { method: 'BREW', path: '/api/trpc/system.health' },
];

const BAD_BODIES = [
  '{',
  '\xff\xfe\x00',
  'null',
  '[]',
  '"string"',
  json({ token: {} }),
  json({ 0: null }),
  '['.repeat(20_000),
  '{"json":{"__proto__":{"polluted":1}},"token":"x"}',
  json({ json: null, meta: { values: { '': ['bigint'] } } }),
];
const POST_ROUTES = ['/api/trpc/actors.invoke', '/api/trpc/actors.invoke?batch=1', '/auth/login'];

function cases(): RawRequest[] {
  const all: RawRequest[] = [];
  for (const route of ROUTES) {
    for (const headers of BAD_HEADERS) all.push({ ...route, headers: { ...route.headers, ...headers } });
    for (const host of BAD_HOSTS) all.push({ ...route, host });
    all.push({ ...route, host: null });
  }
  all.push(...BAD_URLS);
  for (const path of POST_ROUTES) for (const body of BAD_BODIES) all.push({ method: 'POST', path, body });
  return all;
}

describe.each([
  { auth: 'no token', token: undefined },
  { auth: 'a token', token: TOKEN },
])('malformed requests, $auth', ({ token }) => {
  let temp: TempTroupe;
  let server: TroupeServer;
  let port: number;

  beforeEach(async () => {
    temp = await startTempTroupe();
    server = createTroupeServer(temp.troupe, { heartbeatMs: 200, token, next: pageHandler });
    port = await server.listen(0, '127.0.0.1');
  });
  afterEach(async () => {
    await server.stopAccepting();
    server.closeConnections();
    await temp.close();
  });

  it('every route answers < 500 to every malformed request, and nothing escapes a handler', async () => {
    const failures: string[] = [];
    const table = cases();
    for (const request of table) {
      const answer = await rawRequest(port, request, 2_000).catch(() => ({ status: 0, body: 'no answer' }));
      if (answer.status === 0 || answer.status >= 500) {
        failures.push(
          `${answer.status} ${request.method ?? 'GET'} ${request.path} ${json(request.headers ?? {})} host=${json(request.host)} body=${json(String(request.body ?? '').slice(0, 40))}: ${answer.body.slice(0, 120)}`,
        );
      }
    }
    console.log(`${table.length} malformed requests, ${failures.length} answered 5xx or not at all`);
    expect(failures).toEqual([]);
    expect(escaped).toEqual([]);
    const health = await rawRequest(port, { path: '/api/trpc/system.health' });
    expect(health.status).toBe(200);
  });

  it('socket.io handshakes with malformed cookies and auth payloads are answered, not fatal', async () => {
    const attempts: { transport: string; cookie: string; auth: Record<string, unknown> }[] = [];
    for (const transport of ['polling', 'websocket'])
      for (const cookie of ['troupe_token=%E0%A4%A', 'troupe_token=%', ';;=;', 'troupe_token=\u00ff'])
        for (const auth of [{}, { token: 42 }, { token: '%E0%A4%A' }, { token: { nested: true } }])
          attempts.push({ transport, cookie, auth });
    const outcomes = await Promise.all(
      attempts.map(({ transport, cookie, auth }) => attemptSocket(port, transport, { cookie }, auth)),
    );
    const expected = token ? /UNAUTHORIZED/ : /^connected$/;
    for (const outcome of outcomes) expect(outcome).toMatch(expected);
    expect(escaped).toEqual([]);
    const health = await rawRequest(port, { path: '/api/trpc/system.health' });
    expect(health.status).toBe(200);
  });
});
