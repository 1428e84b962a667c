// Router tests without HTTP: createCaller over a pure context around a Troupe on a temp SQLite file.
import { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startTempTroupe, type TempTroupe } from '../test-support/temp-troupe.ts';
import { createContextInner } from './context.ts';
import { createCaller } from './root.ts';

let temp: TempTroupe;
beforeEach(async () => {
  temp = await startTempTroupe();
});
afterEach(async () => {
  await temp.close();
});

it('health answers ok only when the database really answers', async () => {
  const caller = createCaller(createContextInner({ troupe: temp.troupe }));
  const health = await caller.system.health();
  expect(health).toMatchObject({ ok: true, db: 'ok', version: '0.1.0' });

  temp.troupe.db.close(); // a dead database must turn health red, not crash the call
  const down = await caller.system.health();
  expect(down).toMatchObject({ ok: false, db: 'error' });
  expect(down.dbError).toBe('the database did not answer a query'); // no driver text for anonymous callers
  temp.troupe = await temp.restart().catch(() => temp.troupe);
});

it('health fails SERVICE_UNAVAILABLE (HTTP 503) while the server drains, so balancers stop sending', async () => {
  const caller = createCaller(createContextInner({ troupe: temp.troupe, draining: true }));
  const error = await caller.system.health().catch((e: unknown) => e);
  expect(error).toBeInstanceOf(TRPCError);
  expect(error).toMatchObject({ code: 'SERVICE_UNAVAILABLE', message: 'Troupe is shutting down: not ready' });
  expect(getHTTPStatusCodeFromError(error as TRPCError)).toBe(503);
});

it('a restart re-applies no migration and keeps the data', async () => {
  expect(temp.troupe.migrationsApplied.length).toBeGreaterThan(0);
  await temp.troupe.runtime.get('counter', 'keep').ask('increment', { by: 3 });
  const restarted = await temp.restart();
  expect(restarted.migrationsApplied).toEqual([]);
  expect(await restarted.runtime.get('counter', 'keep').ask('get')).toBe(3);
});
