// What the HTTP parser refuses before any handler: a URL or headers over Node's 16 KiB limit get a
// 431 and a JSON error in the control plane's shape (a client learns to POST large input), bytes that
// are not HTTP a 400 likewise; the server keeps serving.
import { describe, expect, it } from 'vitest';
import { rawRequest } from './test-support/raw-http.ts';
import { serveTroupeForThisFile } from './test-support/temp-troupe.ts';

const fixture = serveTroupeForThisFile();
const port = () => Number(new URL(fixture.url).port);

describe('requests the HTTP parser refuses', () => {
  it('a query whose URL is over 16 KiB: 431 with a JSON error that says what to do', async () => {
    const input = encodeURIComponent(JSON.stringify({ json: { filter: '\u200d'.repeat(3_000) } }));
    const answer = await rawRequest(port(), { path: `/api/trpc/actors.types?input=${input}` });
    expect(answer.status).toBe(431);
    expect(JSON.parse(answer.body)).toEqual({
      error: {
        json: {
          message: 'the URL and headers exceed 16 KiB: send large input in a POST body',
          code: -32600,
          data: { code: 'BAD_REQUEST', httpStatus: 431 },
        },
      },
    });
  });

  it('bytes that are not HTTP: 400 with a JSON error; then the server still answers', async () => {
    const answer = await rawRequest(port(), { method: 'GET /x\u0000', path: 'nonsense' });
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body).error.json.data.code).toBe('BAD_REQUEST');
    const health = await fetch(`${fixture.url}/api/trpc/system.health`);
    expect(health.status).toBe(200);
  });
});
