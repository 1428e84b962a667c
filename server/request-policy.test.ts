// Browsers on other origins, over real HTTP and real socket.io clients with forged Origin and Host
// headers: a foreign page cannot post to the control plane or open the live stream (Origin), and a
// DNS-rebound name cannot reach a token-less server at all (Host). Programs, which send no Origin
// and a loopback Host, are never refused; with a token set Host is free but Origin still checked.
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { createTroupeServer, type TroupeServer } from './http-server.ts';
import { HOST_REFUSED, refusalOf } from './request-policy.ts';
import { type RawRequest, rawRequest } from './test-support/raw-http.ts';
import { attemptSocket } from './test-support/socket-attempt.ts';
import { startTempTroupe, type TempTroupe } from './test-support/temp-troupe.ts';

const TOKEN = 'correct-horse-battery';
let temp: TempTroupe | undefined;
let server: TroupeServer | undefined;

afterEach(async () => {
  await server?.stopAccepting();
  server?.closeConnections();
  await temp?.close();
  server = undefined;
  temp = undefined;
});

async function serve(options: { token?: string; allowedHosts?: string[] } = {}) {
  temp = await startTempTroupe();
  server = createTroupeServer(temp.troupe, { heartbeatMs: 200, ...options });
  return server.listen(0, '127.0.0.1');
}

const invoke = (headers: Record<string, string>, host?: string): RawRequest => ({
  method: 'POST',
  path: '/api/trpc/actors.invoke',
  headers: { 'Content-Type': 'application/json', ...headers },
  body: JSON.stringify({ json: { type: 'counter', key: 'k', action: 'increment' } }),
  host,
});

/** Socket.io from a forged page: the outcome carries the HTTP status of a refused handshake. */
const openSocket = attemptSocket;

describe('default loopback server, no token', () => {
  it('refuses state-changing requests and socket.io from another origin with 403; programs and same-origin pages pass', async () => {
    const port = await serve();
    const self = `http://127.0.0.1:${port}`;
    const foreign = await rawRequest(port, invoke({ Origin: 'https://evil.example' }));
    expect(foreign.status).toBe(403);
    expect(JSON.parse(foreign.body).error).toMatch(/Origin "https:\/\/evil.example" not allowed/);
    expect((await rawRequest(port, invoke({ Origin: 'null' }))).status).toBe(403);
    // Same host, other port: another origin (another local app).
    expect((await rawRequest(port, invoke({ Origin: `http://127.0.0.1:${port + 1}` }))).status).toBe(403);
    for (const path of ['/auth/login', '/auth/logout']) {
      const answer = await rawRequest(port, {
        method: 'POST',
        path,
        headers: { Origin: 'https://evil.example' },
      });
      expect(answer.status).toBe(403);
    }

    expect((await rawRequest(port, invoke({}))).status).toBe(200); // curl, the SDK: no Origin
    expect((await rawRequest(port, invoke({ Origin: self }))).status).toBe(200); // the dashboard
    expect(
      (await rawRequest(port, invoke({ Origin: `http://localhost:${port}` }, `localhost:${port}`))).status,
    ).toBe(200);

    expect(await openSocket(port, 'polling', { Origin: 'https://evil.example' })).toBe('refused 403');
    expect(await openSocket(port, 'websocket', { Origin: 'https://evil.example' })).toMatch(/^refused/);
    const upgrade = await rawRequest(port, {
      path: '/socket.io/?EIO=4&transport=websocket',
      headers: {
        Origin: 'https://evil.example',
        Upgrade: 'websocket',
        Connection: 'Upgrade',
        'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
        'Sec-WebSocket-Version': '13',
      },
    });
    expect(upgrade.status).toBe(403);
    expect(upgrade.body).toMatch(/not allowed/);
    // An upgrade nobody serves is answered and closed, not held open forever.
    const nowhere = await rawRequest(port, {
      path: '/not-a-socket',
      headers: { Upgrade: 'websocket', Connection: 'Upgrade', 'Sec-WebSocket-Version': '13' },
    });
    expect(nowhere.status).toBe(404);
    expect(await openSocket(port, 'polling', { Origin: self })).toBe('connected');
    expect(await openSocket(port, 'websocket', { Origin: self })).toBe('connected');
    expect(await openSocket(port, 'websocket', {})).toBe('connected');
  });

  it('serves only loopback Host names: a DNS-rebound name gets 403, on every route and on socket.io', async () => {
    const port = await serve();
    for (const host of [
      `127.0.0.1:${port}`,
      `localhost:${port}`,
      'LOCALHOST',
      `127.4.5.6:${port}`,
      `[::1]:${port}`,
    ]) {
      const health = await rawRequest(port, { path: '/api/trpc/system.health', host });
      expect(health.status, host).toBe(200);
    }
    for (const host of [
      `evil.example:${port}`,
      'evil.example',
      '10.0.0.5',
      '127.0.0.1.evil.example',
      `[::2]:${port}`,
    ]) {
      for (const request of [
        { path: '/api/trpc/system.health' },
        invoke({}),
        { path: '/metrics' },
        { path: '/socket.io/?EIO=4&transport=polling' },
        { path: '/anything' },
      ]) {
        const answer = await rawRequest(port, { ...request, host });
        expect(answer.status, `${host} ${request.path}`).toBe(403);
        expect(JSON.parse(answer.body).error).toBe(HOST_REFUSED);
      }
    }
    const rebound = await rawRequest(port, {
      path: '/socket.io/?EIO=4&transport=websocket',
      host: 'evil.example',
      headers: {
        Upgrade: 'websocket',
        Connection: 'Upgrade',
        'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
        'Sec-WebSocket-Version': '13',
      },
    });
    expect(rebound.status).toBe(403);
  });

  it('TROUPE_ALLOWED_HOSTS adds host names, for Host and for Origin', async () => {
    const port = await serve({ allowedHosts: ['troupe.internal'] });
    const viaName = await rawRequest(port, invoke({ Origin: 'https://troupe.internal' }, 'troupe.internal'));
    expect(viaName.status).toBe(200);
    // Behind a proxy that rewrites Host to loopback, the page's origin is still the public name.
    expect((await rawRequest(port, invoke({ Origin: 'https://troupe.internal' }))).status).toBe(200);
    expect((await rawRequest(port, { path: '/api/trpc/system.health', host: 'other.internal' })).status).toBe(
      403,
    );
  });
});

describe('with a token', () => {
  it('does not restrict Host (the token guards) but still refuses foreign origins', async () => {
    const port = await serve({ token: TOKEN });
    const bearer = { Authorization: `Bearer ${TOKEN}` };
    expect((await rawRequest(port, invoke(bearer, 'troupe.example.com'))).status).toBe(200);
    expect(
      (
        await rawRequest(
          port,
          invoke({ ...bearer, Origin: 'https://troupe.example.com' }, 'troupe.example.com'),
        )
      ).status,
    ).toBe(200);
    const foreign = await rawRequest(
      port,
      invoke({ ...bearer, Origin: 'https://evil.example' }, 'troupe.example.com'),
    );
    expect(foreign.status).toBe(403);
    expect(await openSocket(port, 'polling', { Origin: 'https://evil.example' }, { token: TOKEN })).toBe(
      'refused 403',
    );
    expect(await openSocket(port, 'websocket', {}, { token: TOKEN })).toBe('connected');
  });
});

describe('the policy as a function of any Host and Origin', () => {
  it('never throws, never serves a non-loopback Host without a token, never lets a foreign origin post', () => {
    const hostish = fc.oneof(
      fc.string(),
      fc.constantFrom(
        'localhost',
        '127.0.0.1:3000',
        '[::1]',
        'evil.example',
        'localhost.evil.example',
        '[',
        ':',
      ),
    );
    fc.assert(
      fc.property(
        hostish,
        fc.option(fc.string()),
        fc.constantFrom('GET', 'POST', 'PUT'),
        (host, origin, method) => {
          const headers = { host, origin: origin ?? undefined };
          const refusal = refusalOf({ method, url: '/api/trpc/x', headers }, { allowedHosts: [] });
          const loopback = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d{1,5})?$/i.test(host.trim());
          if (!loopback) expect(refusal).toBe(HOST_REFUSED);
          if (!loopback || method === 'GET' || origin == null) return;
          const originName = URL.canParse(origin) ? new URL(origin).hostname.toLowerCase() : null;
          // A foreign name: refused whatever the port.
          if (originName === null || !host.trim().toLowerCase().startsWith(originName))
            expect(refusal).not.toBeNull();
        },
      ),
      { numRuns: 2_000 },
    );
  });
});
