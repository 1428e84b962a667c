// TROUPE_TOKEN: every path into the control plane is closed without it and open with it.
import { createTRPCClient, httpLink, TRPCClientError } from '@trpc/client';
import fc from 'fast-check';
import { io as connect } from 'socket.io-client';
import superjson from 'superjson';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppRouter } from './api/root.ts';
import { presentedToken, readCookie, TOKEN_COOKIE } from './auth.ts';
import { readEnv } from './env.ts';
import { serveTroupe, startTempTroupe, type TempTroupe } from './test-support/temp-troupe.ts';

const TOKEN = 'correct-horse-battery';
let temp: TempTroupe;
let http: Awaited<ReturnType<typeof serveTroupe>>;

beforeEach(async () => {
  temp = await startTempTroupe();
  http = await serveTroupe(temp.troupe, { token: TOKEN });
});
afterEach(async () => {
  await http.stop();
  await temp.close();
});

const client = (headers: Record<string, string> = {}) =>
  createTRPCClient<AppRouter>({
    links: [httpLink({ url: `${http.url}/api/trpc`, transformer: superjson, headers })],
  });
const codeOf = (error: unknown) => (error instanceof TRPCClientError ? error.data?.code : undefined);

describe('control plane with TROUPE_TOKEN', () => {
  it('rejects calls without the token with UNAUTHORIZED and accepts the Bearer token', async () => {
    const anonymous = await client()
      .actors.list.query({})
      .catch((e) => e);
    expect(codeOf(anonymous)).toBe('UNAUTHORIZED');
    const wrong = await client({ authorization: 'Bearer nope' })
      .system.metrics.query()
      .catch((e) => e);
    expect(codeOf(wrong)).toBe('UNAUTHORIZED');
    const authed = client({ authorization: `Bearer ${TOKEN}` });
    expect(await authed.actors.invoke.mutate({ type: 'counter', key: 'a', action: 'increment' })).toEqual({
      result: 1,
      version: 1,
    });
  });

  it('keeps system.health open for liveness probes', async () => {
    expect(await client().system.health.query()).toMatchObject({ ok: true });
  });

  it('logs the dashboard in once with a cookie: wrong token 401, right token sets an HttpOnly cookie', async () => {
    const login = (token: string) =>
      fetch(`${http.url}/auth/login`, { method: 'POST', body: JSON.stringify({ token }) });
    expect((await login('wrong-token')).status).toBe(401);
    const ok = await login(TOKEN);
    expect(ok.status).toBe(204);
    const cookie = ok.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/troupe_token=.+; Path=\/; HttpOnly; SameSite=Strict/);
    const viaCookie = client({ cookie: cookie.split(';')[0]! });
    expect((await viaCookie.actors.list.query({})).items).toEqual([]);
    const logout = await fetch(`${http.url}/auth/logout`, { method: 'POST' });
    expect(logout.headers.get('set-cookie')).toMatch(/Max-Age=0/);
  });

  it('tells the dashboard whether a token is required and whether it is signed in', async () => {
    const session = async (headers: Record<string, string> = {}) => {
      const answer = await fetch(`${http.url}/auth/session`, { headers });
      expect(answer.headers.get('cache-control')).toBe('no-store');
      return answer.json();
    };
    expect(await session()).toEqual({ tokenRequired: true, signedIn: false });
    expect(await session({ cookie: 'troupe_token=wrong' })).toEqual({ tokenRequired: true, signedIn: false });
    expect(await session({ cookie: `troupe_token=${TOKEN}` })).toEqual({
      tokenRequired: true,
      signedIn: true,
    });
    expect((await fetch(`${http.url}/auth/session`, { method: 'POST' })).status).toBe(405);
    const open = await serveTroupe(temp.troupe);
    try {
      expect(await (await fetch(`${open.url}/auth/session`)).json()).toEqual({
        tokenRequired: false,
        signedIn: false,
      });
    } finally {
      await open.stop();
    }
  });

  it('refuses socket.io handshakes without the token and accepts auth.token', async () => {
    const attempt = (auth?: Record<string, string>) =>
      new Promise<string>((resolve) => {
        const socket = connect(http.url, {
          path: '/socket.io',
          transports: ['websocket'],
          forceNew: true,
          auth,
        });
        socket.once('connect', () => {
          socket.close();
          resolve('connected');
        });
        socket.once('connect_error', (error) => {
          socket.close();
          resolve(error.message);
        });
      });
    expect(await attempt()).toMatch(/UNAUTHORIZED/);
    expect(await attempt({ token: 'wrong' })).toMatch(/UNAUTHORIZED/);
    expect(await attempt({ token: TOKEN })).toBe('connected');
  });
});

describe('configuration', () => {
  it('refuses to start on a non-loopback HOST without a token', () => {
    expect(() => readEnv({ HOST: '0.0.0.0' })).toThrow(/Refusing to start.*TROUPE_TOKEN/);
    expect(readEnv({ HOST: '0.0.0.0', TROUPE_TOKEN: TOKEN }).HOST).toBe('0.0.0.0');
    expect(readEnv({ HOST: '127.0.0.1' }).TROUPE_TOKEN).toBeUndefined();
    expect(() => readEnv({ TROUPE_TOKEN: 'short' })).toThrow(/at least 8/);
  });

  it('reads TROUPE_ALLOWED_HOSTS as host names and TROUPE_SOCKET_MAX_ROOMS as a bound', () => {
    expect(readEnv({}).TROUPE_ALLOWED_HOSTS).toEqual([]);
    expect(
      readEnv({ TROUPE_ALLOWED_HOSTS: ' Troupe.Internal, 10.0.0.5,,[fd00::1] ' }).TROUPE_ALLOWED_HOSTS,
    ).toEqual(['troupe.internal', '10.0.0.5', '[fd00::1]']);
    for (const bad of ['https://troupe.internal', 'troupe.internal:3000', '*.example', 'a b'])
      expect(() => readEnv({ TROUPE_ALLOWED_HOSTS: bad }), bad).toThrow(/TROUPE_ALLOWED_HOSTS/);
    expect(readEnv({}).TROUPE_SOCKET_MAX_ROOMS).toBe(256);
    expect(readEnv({ TROUPE_SOCKET_MAX_ROOMS: '8' }).TROUPE_SOCKET_MAX_ROOMS).toBe(8);
    expect(() => readEnv({ TROUPE_SOCKET_MAX_ROOMS: '0' })).toThrow(/TROUPE_SOCKET_MAX_ROOMS/);
  });
});

describe('reading what a client presented', () => {
  it('never throws on any Cookie or Authorization header; a cookie that is not percent-encoding is no token', () => {
    const percentish = fc.stringMatching(/^[%0-9A-Fa-f=;, a-z_\u00ff]*$/);
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), percentish),
        fc.oneof(fc.string(), percentish),
        (cookie, authorization) => {
          presentedToken({ cookie, authorization });
          presentedToken({ cookie: `${TOKEN_COOKIE}=${cookie}` });
        },
      ),
      { numRuns: 5_000 },
    );
    expect(readCookie(`${TOKEN_COOKIE}=%E0%A4%A`, TOKEN_COOKIE)).toBeUndefined();
    expect(readCookie(`a=b; ${TOKEN_COOKIE}=x%20y`, TOKEN_COOKIE)).toBe('x y');
    expect(readCookie(`${TOKEN_COOKIE}x=1; =2`, TOKEN_COOKIE)).toBeUndefined();
  });
});
