// Prometheus metrics of one Troupe, on their own prom-client Registry (not the global default, so
// several Troupes in one process, as in tests, never share or collide). Scraped at GET /metrics.
// @see https://github.com/siimon/prom-client
import type { IncomingMessage, ServerResponse } from 'node:http';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { isAuthorized, presentedToken } from '../auth.ts';
import { type MetricsSource, registerTroupeCollectors } from './troupe-collectors.ts';
import { TurnMetricsFacet } from './turn-metrics-facet.ts';

export type { MetricsSource };

export interface TroupeMetrics {
  readonly registry: Registry;
  /** Give it to the runtime (`startTroupe({ runtime: { facets: [metrics.turnFacet] } })`) for per-type turn metrics. */
  readonly turnFacet: TurnMetricsFacet;
  /** Which Troupe (and socket server) the scrape-time collectors read. */
  watch(source: MetricsSource): void;
  scrape(): Promise<string>;
  readonly contentType: string;
}

export function createTroupeMetrics(options: { processMetrics?: boolean } = {}): TroupeMetrics {
  const registry = new Registry();
  if (options.processMetrics !== false) collectDefaultMetrics({ register: registry });
  let source: MetricsSource | null = null;
  registerTroupeCollectors(registry, () => source);
  return {
    registry,
    turnFacet: new TurnMetricsFacet(registry),
    watch(next) {
      source = next;
    },
    scrape: () => registry.metrics(),
    contentType: registry.contentType,
  };
}

/** GET /metrics in the Prometheus text format; with a token set, scrapers send it as a Bearer token. */
export async function serveMetrics(
  metrics: TroupeMetrics,
  req: IncomingMessage,
  res: ServerResponse,
  token?: string,
) {
  if (!isAuthorized(token, presentedToken(req.headers))) {
    res.writeHead(401, { 'www-authenticate': 'Bearer', 'content-type': 'text/plain' }).end('unauthorized');
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' }).end('method not allowed');
    return;
  }
  // A failing collector rejects: the request guard answers a plain 500 and logs why (no internals sent).
  const body = await metrics.scrape();
  res.writeHead(200, { 'content-type': metrics.contentType, 'cache-control': 'no-store' });
  res.end(req.method === 'HEAD' ? undefined : body);
}
