// Shared-token authentication for the control plane, socket.io and /metrics. When TROUPE_TOKEN is
// set, a caller proves it with `Authorization: Bearer <token>` (programs, the CLI) or the
// `troupe_token` cookie that the dashboard's login sets once. Compared in constant time.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';

export const TOKEN_COOKIE = 'troupe_token';
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|\[::1\]|localhost)$/;

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK.test(host);
}

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

function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

/**
 * POST /auth/login {"token": "..."} sets the HttpOnly cookie when the token is right (the
 * dashboard asks once); POST /auth/logout clears it. Other methods: 405.
 */
export async function handleAuthRoute(
  req: IncomingMessage,
  res: ServerResponse,
  expected: string | undefined,
): Promise<void> {
  if (req.method !== 'POST') {
    res.writeHead(405, { allow: 'POST' }).end();
    return;
  }
  if (req.url === '/auth/logout') {
    res
      .writeHead(204, { 'set-cookie': `${TOKEN_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0` })
      .end();
    return;
  }
  const body = await readBody(req, 4096).catch(() => null);
  let token: unknown;
  try {
    token = body ? JSON.parse(body).token : undefined;
  } catch {
    token = undefined;
  }
  if (typeof token !== 'string' || !isAuthorized(expected, token)) {
    res
      .writeHead(401, { 'content-type': 'application/json' })
      .end(JSON.stringify({ error: 'invalid token' }));
    return;
  }
  const cookie = `${TOKEN_COOKIE}=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Strict; Max-Age=2592000`;
  res.writeHead(204, { 'set-cookie': cookie }).end();
}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new Error('body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
