// Who may talk to this server from a browser. Two attacks reach a loopback server without any token:
// a page on another origin posting to the control plane or opening the socket.io stream (the Origin
// check), and DNS rebinding, where an attacker's name resolves to 127.0.0.1 so the browser calls it
// same-origin (the Host check). Programs (curl, the SDK, the CLI) send no Origin and a loopback or
// configured Host, so they are never refused.
// @see https://owasp.org/www-community/attacks/DNS_Rebinding
import { isIPv4 } from 'node:net';

export interface RequestPolicy {
  /** With a token set, the token guards every caller and Host is not restricted. */
  token?: string;
  /** Host names (any port) accepted besides loopback, and as browser origins (TROUPE_ALLOWED_HOSTS). */
  allowedHosts: readonly string[];
}

export interface TRequestHead {
  method?: string;
  url?: string;
  headers: { host?: string; origin?: string };
}

/** Methods that read: a cross-origin page cannot see their answers (no CORS headers are sent). */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** `name` or `name:port`, with IPv6 literals in brackets; a Host header is nothing else. */
const HOST_HEADER = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/i;

export const HOST_REFUSED = 'Host not allowed; set TROUPE_ALLOWED_HOSTS';

export function isLoopbackName(name: string): boolean {
  const host = name.toLowerCase();
  return (
    host === 'localhost' || host === '::1' || host === '[::1]' || (isIPv4(host) && host.startsWith('127.'))
  );
}

/** The reason to refuse this request with 403, or null to serve it. */
export function refusalOf(
  req: TRequestHead,
  policy: RequestPolicy,
  opts: { upgrade?: boolean } = {},
): string | null {
  const host = req.headers.host;
  const parsed = host === undefined ? undefined : parseHost(host);
  // A request without Host is HTTP/1.0 from a program: browsers always send one.
  if (!policy.token && host !== undefined && !(parsed && hostAllowed(parsed.name, policy)))
    return HOST_REFUSED;
  const origin = req.headers.origin;
  if (origin === undefined || !needsOriginCheck(req, opts.upgrade === true)) return null;
  if (originAllowed(origin, parsed, policy)) return null;
  return `Origin ${JSON.stringify(origin.slice(0, 200))} not allowed: only pages served by this server (or TROUPE_ALLOWED_HOSTS) may call it`;
}

/** State-changing requests, and every socket.io request: the live stream is readable by its page. */
function needsOriginCheck(req: TRequestHead, upgrade: boolean): boolean {
  if (upgrade) return true;
  if (!SAFE_METHODS.has(req.method ?? 'GET')) return true;
  return (req.url ?? '').startsWith('/socket.io/');
}

function hostAllowed(name: string, policy: RequestPolicy): boolean {
  return isLoopbackName(name) || policy.allowedHosts.includes(name);
}

/** Same host and port as the request, or a configured host name. `Origin: null` is never allowed. */
function originAllowed(
  origin: string,
  host: { name: string; port: string } | undefined,
  policy: RequestPolicy,
) {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  const name = url.hostname.toLowerCase();
  if (policy.allowedHosts.includes(name)) return true;
  if (!host || host.name !== name) return false;
  // URL drops the scheme's default port; a Host without a port means that same default.
  return host.port === '' ? url.port === '' : host.port === (url.port || defaultPort(url.protocol));
}

function defaultPort(protocol: string): string {
  return protocol === 'https:' ? '443' : '80';
}

function parseHost(header: string): { name: string; port: string } | undefined {
  const match = HOST_HEADER.exec(header.trim());
  if (!match) return undefined;
  return { name: match[1]!.toLowerCase(), port: match[2] ?? '' };
}

/** TROUPE_ALLOWED_HOSTS: comma-separated host names, case-insensitive, blanks ignored. */
export function parseAllowedHosts(list: string | undefined): string[] {
  if (!list) return [];
  return list
    .split(',')
    .map((entry) => entry.trim().toLowerCase())
    .filter((entry) => entry.length > 0);
}
