// Hostile names over real HTTP and real socket.io clients against an in-process Troupe: dangerous
// names (`__proto__`, `constructor`, `toString`, `then`...) and odd unicode in EVERY string position
// (string leaves and object keys, record keys included) of a valid input of every tRPC procedure,
// of every socket.io message and of the handshake. After every case: no 5xx but a typed 503, every
// error typed and free of internals, no crash, no prototype pollution, and the server still serves
// health, a counter increment and an unfiltered listing (see support/fuzz-env.ts).
// FUZZ_RUNS (default 1,000; 10,000 in npm run soak) is shared out over the procedures and messages;
// FUZZ_SEED=<seed> replays a run.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sleep } from './support/clients.ts';
import { type FuzzEnv, startFuzzEnv } from './support/fuzz-env.ts';
import { problemWith, scrapeMetrics, send } from './support/fuzz-http.ts';
import { isQuery, PROCEDURE_PATHS } from './support/fuzz-procedures.ts';
import { HANDSHAKE_SAMPLES, PROCEDURE_SAMPLES, SOCKET_SAMPLES } from './support/fuzz-samples.ts';
import { handshakeHeaders, openSocket } from './support/fuzz-socket.ts';
import { hostileString } from './support/fuzz-strings.ts';
import {
  describePosition,
  replaceStrings,
  type StringPosition,
  stringPositions,
} from './support/fuzz-tree.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 1_000);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
/** A query's input rides in the URL (16 KB at most): its long strings stay shorter. */
const LONGEST_IN_QUERY = 1_000;
/** Socket messages over 64 KB are refused by design: long strings stay under. */
const LONGEST_IN_MESSAGE = 10_000;
const LONGEST_IN_BODY = 100_000;
const TEST_TIMEOUT_MS = 600_000;
/** A request the server never answers (its handler died) fails the case after this long. */
const ANSWER_DEADLINE_MS = 2_000;

const paths = PROCEDURE_PATHS;

let env: FuzzEnv;
beforeAll(async () => {
  env = await startFuzzEnv();
}, 60_000);
afterAll(() => env.close());

interface Replaced<T> {
  value: T;
  /** Position -> text, for the counterexample report. */
  replaced: Record<string, string>;
}

/** A sample with one to three of its string positions (leaves or keys) replaced by hostile text. */
function hostileVariant<T>(samples: (() => T)[], longest: number): fc.Arbitrary<Replaced<T>> {
  return fc
    .record({
      sample: fc.nat(samples.length - 1),
      picks: fc.array(fc.tuple(fc.nat(), hostileString(longest)), { minLength: 1, maxLength: 3 }),
      // One name in several places (every sensor id of a batch, a label key and its filter...).
      shared: fc.boolean(),
    })
    .map(({ sample, picks, shared }) => {
      const valid = samples[sample]!();
      const positions = stringPositions(valid);
      const replacements = picks.map(([i, text]): [StringPosition, string] => [
        positions[i % positions.length]!,
        shared ? picks[0]![1] : text,
      ]);
      const replaced: Record<string, string> = {};
      for (const [position, text] of replacements) replaced[describePosition(position)] = text;
      return { value: replaceStrings(valid, replacements) as T, replaced };
    });
}

/** Cases per property: RUNS shared out by how many string positions each property has. */
const positionsOf = (samples: (() => unknown)[]) =>
  samples.reduce((n, sample) => n + stringPositions(sample()).length, 0);
const weights = new Map<string, number>([
  ...paths.map((path): [string, number] => [path, positionsOf(PROCEDURE_SAMPLES[path] ?? [])]),
  ['socket messages', positionsOf(SOCKET_SAMPLES)],
  ['handshake', positionsOf(HANDSHAKE_SAMPLES)],
]);
const totalWeight = [...weights.values()].reduce((a, b) => a + b, 0);
const runsOf = (name: string) => Math.max(5, Math.ceil((RUNS * weights.get(name)!) / totalWeight));

const tally = new Map<string, number>();
const count = (bucket: string) => tally.set(bucket, (tally.get(bucket) ?? 0) + 1);
afterAll(() => {
  const cases = [...tally.values()].reduce((a, b) => a + b, 0);
  const lines = [...tally].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}: ${v}`);
  console.log(`hostile names: ${cases} cases\n  ${lines.join('\n  ')}`);
});

const fail = (problems: (string | null)[]) => {
  const found = problems.filter((p): p is string => p !== null);
  if (found.length > 0) throw new Error(found.join('\n'));
};

it('every procedure has a valid sample to fuzz', () => {
  expect(paths.filter((path) => !Object.hasOwn(PROCEDURE_SAMPLES, path))).toEqual([]);
});

describe('hostile names in every string position of every procedure', () => {
  for (const path of paths) {
    it(
      path,
      async () => {
        const query = isQuery(path);
        const variants = hostileVariant(PROCEDURE_SAMPLES[path]!, query ? LONGEST_IN_QUERY : LONGEST_IN_BODY);
        await fc.assert(
          fc.asyncProperty(variants, async ({ value }) => {
            await env.prepare();
            const response = await env.call(path, value, query, ANSWER_DEADLINE_MS);
            count(`${path} ${response.status}`);
            fail([problemWith(response), ...(await env.check())]);
          }),
          { numRuns: runsOf(path), seed: SEED },
        );
      },
      TEST_TIMEOUT_MS,
    );
  }
});

describe('hostile names in socket.io traffic', () => {
  it(
    'every message a client can send: the event name and every string position of its payload',
    async () => {
      const messages = hostileVariant(SOCKET_SAMPLES, LONGEST_IN_MESSAGE);
      await fc.assert(
        fc.asyncProperty(messages, async ({ value: [event, payload] }) => {
          await env.prepare();
          const { socket, error } = await openSocket(env.url);
          try {
            if (error) throw new Error(`a plain connection was refused: ${error}`);
            socket.emit(event, payload);
            await sleep(10); // no acknowledgement exists: give the server the message
            count(`socket ${socket.connected ? 'connected' : 'disconnected'}`);
            // Any well-formed packet under 64 KB of a known event is answered by ignoring or serving
            // it; another event name may be a protocol error (socket.io reserves some) and close it.
            const known = event === 'subscribe' || event === 'unsubscribe';
            fail([
              socket.connected || !known ? null : `a ${event} message under 64 KB closed the connection`,
              ...(await env.check()),
            ]);
          } finally {
            socket.close();
          }
        }),
        { numRuns: runsOf('socket messages'), seed: SEED },
      );
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'every handshake credential, and the same cookie and bearer on tRPC and /metrics',
    async () => {
      const handshakes = hostileVariant(HANDSHAKE_SAMPLES, LONGEST_IN_QUERY);
      await fc.assert(
        fc.asyncProperty(handshakes, async ({ value: [auth, cookies, bearer] }) => {
          await env.prepare();
          const wire = handshakeHeaders(cookies, bearer);
          const { socket, error } = await openSocket(env.url, { auth, headers: wire });
          socket.close();
          count(`handshake ${error ? 'refused' : 'connected'}`);
          // No token is configured: nothing a client presents is a reason to refuse it.
          const refused = error ? `handshake refused without a token configured: ${error}` : null;
          const noAnswer = (error: Error) => ({ status: 0, text: `no answer: ${error.message}` });
          const trpc = await send(
            env.url,
            { method: 'GET', path: 'actors.list', headers: wire, contentType: 'application/json' },
            ANSWER_DEADLINE_MS,
          ).catch(noAnswer);
          const metrics = await scrapeMetrics(env.url, wire, ANSWER_DEADLINE_MS);
          fail([refused, problemWith(trpc), metrics, ...(await env.check())]);
        }),
        { numRuns: runsOf('handshake'), seed: SEED },
      );
    },
    TEST_TIMEOUT_MS,
  );
});
