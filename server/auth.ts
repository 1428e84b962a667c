// Shared-token authentication for the control plane, socket.io and /metrics. When TROUPE_TOKEN is
// set, a caller proves it with `Authorization: Bearer <token>` (programs, the CLI) or the
// `troupe_token` cookie that the dashboard's login sets once. Compared in constant time.
// Everything here reads client bytes: nothing may throw on them (a malformed cookie is no token).
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';

export const TOKEN_COOKIE = 'troupe_token';
/** A login body is `{"token": "..."}`; anything much larger is not one. */
const MAX_LOGIN_BYTES = 4096;
const ZLoginBodySchema = z.object({ token: z.string().max(1024) });

/** What a request presented: a bearer token, else the cookie. */
export function presentedToken(headers: IncomingHttpHeaders): string | undefined {
  const authorization = headers.authorization;
  if (authorization?.startsWith('Bearer ')) return authorization.slice('Bearer '.length).trim();
  return readCookie(headers.cookie, TOKEN_COOKIE);
}

/** True when no token is configured, or the presented one matches it. */
export function isAuthorized(expected: string | undefined, presented: string | undefined): boolean {
  if (!expected) return true;
  if (!presented) return false;
  // Hashing first gives equal lengths, so timingSafeEqual never throws and leaks no length.
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(expected), digest(presented));
}

/** The cookie's decoded value; undefined when absent or not valid percent-encoding. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    try {
      return decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      return undefined; // URIError: `%E0%A4%A` and the like were never set by our login
    }
  }
  return undefined;
}

/**
 * POST /auth/login {"token": "..."} sets the HttpOnly cookie when the token is right (the
 * dashboard asks once); POST /auth/logout clears it; GET /auth/session says whether this server
 * wants a token and whether the request carries a valid one (the cookie is HttpOnly: the dashboard
 * cannot read it, so it asks, to offer sign-out or sign-in). Other methods: 405; other paths: 404.
 */
export async function handleAuthRoute(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  expected: string | undefined,
): Promise<void> {
  if (path === '/auth/session') {
    if (req.method !== 'GET') {
      res.writeHead(405, { allow: 'GET' }).end();
      return;
    }
    const session = {
      tokenRequired: Boolean(expected),
      signedIn: Boolean(expected) && isAuthorized(expected, presentedToken(req.headers)),
    };
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify(session));
    return;
  }
  if (path !== '/auth/login' && path !== '/auth/logout') {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    return;
  }
  if (req.method !== 'POST') {
    res.writeHead(405, { allow: 'POST' }).end();
    return;
  }
  if (path === '/auth/logout') {
    res
      .writeHead(204, { 'set-cookie': `${TOKEN_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0` })
      .end();
    return;
  }
  const body = await readBody(req, MAX_LOGIN_BYTES);
  if (body === 'aborted') return;
  if (body === 'too large') {
    answerJson(res, 413, { error: `login body over ${MAX_LOGIN_BYTES} bytes` });
    return;
  }
  const token = parseLogin(body);
  if (token === undefined || !isAuthorized(expected, token)) {
    answerJson(res, 401, { error: 'invalid token' });
    return;
  }
  const cookie = `${TOKEN_COOKIE}=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Strict; Max-Age=2592000`;
  res.writeHead(204, { 'set-cookie': cookie }).end();
}

function parseLogin(body: string): string | undefined {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return undefined;
  }
  const parsed = ZLoginBodySchema.safeParse(value);
  return parsed.success ? parsed.data.token : undefined;
}

function answerJson(res: ServerResponse, status: number, body: unknown) {
  // `connection: close`: a refused body may still be arriving; the connection is not reusable.
  res
    .writeHead(status, { 'content-type': 'application/json', connection: 'close' })
    .end(JSON.stringify(body));
}

/** The body as text, or why there is none: over `limit` (the rest is not read) or the client left. */
function readBody(req: IncomingMessage, limit: number): Promise<string | 'too large' | 'aborted'> {
  return new Promise((resolve) => {
    let size = 0;
    const chunks: Buffer[] = [];
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        resolve('too large');
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve('aborted'));
    req.on('close', () => resolve('aborted')); // no-op once resolved
  });
}
