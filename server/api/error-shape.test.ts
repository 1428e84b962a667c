// Contract: what a failed call tells its caller. Over real HTTP: unknown input fields are refused
// with BAD_REQUEST naming them (a misspelled idempotencyKey must not run without a key); input
// validation reads `path: message; ...` like action-argument errors, with data.zodError kept; and a
// storage failure under a running server surfaces as a generic INTERNAL_SERVER_ERROR carrying the
// request id, never the SQL/ORM text, which goes to the server log instead.
import { describe, expect, it } from 'vitest';
import type { Logger } from '../observability/logger.ts';
import { rawCall } from '../test-support/raw-call.ts';
import { servedTroupePerTest } from '../test-support/served-troupe.ts';
import { serveTroupe } from '../test-support/temp-troupe.ts';

const served = servedTroupePerTest();
const ADDRESS = { type: 'counter', key: 'c1' };
const LEAKS = /prisma|sqlite|actor_state|no such table|invocation|\bat\s+\S+\s+\(|\.ts:\d+/i;

describe('unknown input fields', () => {
  it('are refused with BAD_REQUEST naming them on every actors.* and system.* input', async () => {
    const calls: [string, unknown, 'query' | 'mutation'][] = [
      ['actors.invoke', { ...ADDRESS, action: 'increment', idempotencykey: 'k1' }, 'mutation'],
      ['actors.spawn', { ...ADDRESS, config: { idleTimeoutMs: 500, idleTimeout: 1 } }, 'mutation'],
      ['actors.spawn', { ...ADDRESS, label: { team: 'a' } }, 'mutation'],
      ['actors.get', { ...ADDRESS, verbose: true }, 'query'],
      ['actors.list', { keyprefix: 'x' }, 'query'],
      ['actors.deactivate', { ...ADDRESS, force: true }, 'mutation'],
      ['actors.destroy', { ...ADDRESS, force: true }, 'mutation'],
      ['actors.types', { all: true }, 'query'],
      ['system.health', { all: true }, 'query'],
      ['system.metrics', { all: true }, 'query'],
    ];
    for (const [path, input, kind] of calls) {
      const reply = await rawCall(served.url, path, input, kind);
      expect(reply.status, path).toBe(400);
      expect(reply.error?.message, path).toMatch(
        /Unrecognized key.*"(idempotencykey|idleTimeout|label|verbose|keyprefix|force|all)"/,
      );
    }
    // The misspelled call did not run: the counter was never incremented.
    const get = await served.client.actors.invoke.mutate({ ...ADDRESS, action: 'get' });
    expect(get).toEqual({ result: 0, version: 0 });
  });
});

describe('input validation messages', () => {
  it('read `path: message; ...`, not a JSON dump, and keep data.zodError for forms', async () => {
    const reply = await rawCall(served.url, 'actors.invoke', {
      type: 'counter',
      key: '',
      action: 'get',
      timeoutMs: -1,
    });
    expect(reply.status).toBe(400);
    expect(reply.error?.message).toMatch(/^key: key must not be empty; timeoutMs: .+$/);
    expect(reply.error?.message).not.toMatch(/[[{]/);
    expect(reply.error?.data.zodError).toMatchObject({ fieldErrors: { key: ['key must not be empty'] } });
    const root = await rawCall(served.url, 'actors.get', 'not an object', 'query');
    expect(root.error?.message).toMatch(/^input: /);
  });
});

describe('unexpected failures', () => {
  it('answer a generic message with the request id; the ORM/SQL error goes to the log', async () => {
    const logged: unknown[] = [];
    const record = (...args: unknown[]) => void logged.push(args);
    const logger = { error: record, warn: record, info: () => {}, debug: () => {} } as unknown as Logger;
    const http = await serveTroupe(served.temp.troupe, { logger });
    const db = served.temp.troupe.db;
    await served.client.actors.spawn.mutate(ADDRESS);
    // The control plane reads through Prisma: without its table every read is an unexpected failure.
    db.exec('ALTER TABLE actor_state RENAME TO actor_state_moved');
    try {
      for (const [path, input] of [
        ['actors.list', {}],
        ['actors.get', ADDRESS],
      ] as const) {
        const reply = await rawCall(http.url, path, input, 'query', { 'x-request-id': `req-${path}` });
        expect(reply.status, path).toBe(500);
        expect(reply.error?.data.code).toBe('INTERNAL_SERVER_ERROR');
        expect(reply.error?.message).toBe(`internal error; see the server log (request id req-${path})`);
        expect(JSON.stringify(reply.error)).not.toMatch(LEAKS);
      }
      expect(JSON.stringify(logged)).toMatch(/actor_state/);
    } finally {
      db.exec('ALTER TABLE actor_state_moved RENAME TO actor_state');
      await http.stop();
    }
  });
});
