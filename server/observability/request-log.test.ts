// Request ids and the access log of control-plane calls, on the real HTTP server.
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveTroupe, startTempTroupe, type TempTroupe } from '../test-support/temp-troupe.ts';

let temp: TempTroupe;
let served: Awaited<ReturnType<typeof serveTroupe>>;
const lines: Record<string, unknown>[] = [];

beforeAll(async () => {
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  temp = await startTempTroupe();
  served = await serveTroupe(temp.troupe, { logger: pino({ level: 'debug' }, sink) });
});

afterAll(async () => {
  await served.stop();
  await temp.close();
});

const logFor = async (reqId: string) => {
  await expect.poll(() => lines.some((l) => l.reqId === reqId)).toBe(true);
  return lines.find((l) => l.reqId === reqId)!;
};

describe('control-plane request log', () => {
  it('echoes the caller x-request-id and logs method, path, status and duration at info', async () => {
    const response = await fetch(`${served.url}/api/trpc/actors.types`, {
      headers: { 'x-request-id': 'req-abc.1' },
    });
    expect(response.headers.get('x-request-id')).toBe('req-abc.1');
    const line = await logFor('req-abc.1');
    expect(line).toMatchObject({
      level: 30,
      msg: 'request',
      method: 'GET',
      path: '/api/trpc/actors.types',
      status: 200,
    });
    expect(typeof line.durationMs).toBe('number');
  });

  it('generates an id when none (or an unsafe one) is given; health probes log at debug', async () => {
    const response = await fetch(`${served.url}/api/trpc/system.health`, {
      headers: { 'x-request-id': 'bad id with spaces' },
    });
    const id = response.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await logFor(id!)).toMatchObject({ level: 20 }); // health probes log at debug
  });

  it('logs failed procedures at warn with their tRPC code', async () => {
    const input = encodeURIComponent(JSON.stringify({ json: { type: 'counter', key: 'nope' } }));
    const response = await fetch(`${served.url}/api/trpc/actors.get?input=${input}`, {
      headers: { 'x-request-id': 'req-missing' },
    });
    expect(response.status).toBe(404);
    const line = await logFor('req-missing');
    expect(line).toMatchObject({
      level: 40,
      status: 404,
      errors: [{ path: 'actors.get', code: 'NOT_FOUND' }],
    });
  });
});
