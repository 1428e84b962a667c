// Context of every control-plane call. `createContextInner` is pure so router tests build it
// directly around a Troupe on a temporary database; the HTTP adapter adds the request.
// @see https://trpc.io/docs/server/context#inner-and-outer-context
import type { IncomingMessage } from 'node:http';
import { isAuthorized, presentedToken } from '../auth.ts';
import type { RecentHistory } from '../observability/recent-history.ts';
import type { Troupe } from '../troupe.ts';

export interface TContextInner {
  troupe: Troupe;
  /** False when a token is configured and the caller did not present it. */
  authorized?: boolean;
  /** True once the server is shutting down: health answers 503 so balancers stop sending. */
  draining?: boolean;
  /** The server's recent metrics and lifecycle events (system.recent*); absent without a server. */
  history?: RecentHistory;
  /** Cluster mode: another node forwarded this call to its home here; it runs here, not forwarded again. */
  forwarded?: boolean;
}

export interface TContext extends TContextInner {
  req?: IncomingMessage;
}

export function createContextInner(inner: TContextInner): TContext {
  return { authorized: true, draining: false, ...inner };
}

export function createContextFactory(
  troupe: Troupe,
  token?: string,
  isDraining: () => boolean = () => false,
  history?: RecentHistory,
) {
  return ({ req }: { req: IncomingMessage }): TContext => ({
    ...createContextInner({
      troupe,
      history,
      authorized: isAuthorized(token, presentedToken(req.headers)),
      draining: isDraining(),
    }),
    req,
  });
}
