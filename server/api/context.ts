// Context of every control-plane call. `createContextInner` is pure so router tests build it
// directly around a Troupe on a temporary database; the HTTP adapter adds the request.
// @see https://trpc.io/docs/server/context#inner-and-outer-context
import type { IncomingMessage } from 'node:http';
import type { Troupe } from '../troupe.ts';

export interface TContextInner {
  troupe: Troupe;
}

export interface TContext extends TContextInner {
  req?: IncomingMessage;
}

export function createContextInner(inner: TContextInner): TContext {
  return { ...inner };
}

export function createContextFactory(troupe: Troupe) {
  return ({ req }: { req: IncomingMessage }): TContext => ({ ...createContextInner({ troupe }), req });
}
