// The exhaustive half of the hostile-name fuzzing (fuzz-names.test.ts is the random half): EVERY
// dangerous name, as is, in EVERY string position (leaf or key) of every sample of every tRPC
// procedure, socket.io message and handshake. A procedure's variants for one name go in one tRPC
// batch; when a batch breaks a property, its calls are replayed one by one to name the culprits.
// Every failing (position, name) is reported, not only the first.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sleep } from './support/clients.ts';
import { type FuzzEnv, startFuzzEnv } from './support/fuzz-env.ts';
import { jsonBatchRequest, problemWith, type RawResponse, scrapeMetrics, send } from './support/fuzz-http.ts';
import { isQuery, PROCEDURE_PATHS } from './support/fuzz-procedures.ts';
import { HANDSHAKE_SAMPLES, PROCEDURE_SAMPLES, SOCKET_SAMPLES } from './support/fuzz-samples.ts';
import { handshakeHeaders, openSocket } from './support/fuzz-socket.ts';
import { DANGEROUS_NAMES, MALFORMED_ESCAPES } from './support/fuzz-strings.ts';
import { describePosition, replaceStrings, stringPositions } from './support/fuzz-tree.ts';

const TEST_TIMEOUT_MS = 600_000;
/** A request the server never answers (its handler died) fails after this long. */
const ANSWER_DEADLINE_MS = 2_000;

const paths = PROCEDURE_PATHS;

let env: FuzzEnv;
let cases = 0;
beforeAll(async () => {
  env = await startFuzzEnv();
}, 60_000);
afterAll(async () => {
  console.log(`dangerous-name sweep: ${cases} cases`);
  await env.close();
});

const found = (problems: (string | null)[]) => problems.filter((p): p is string => p !== null);
const noAnswer = (error: Error): RawResponse => ({ status: 0, text: `no answer: ${error.message}` });

/** Every (sample, position, name) variant of a list of samples. */
function variantsOf<T>(samples: (() => T)[], names: readonly string[] = DANGEROUS_NAMES) {
  return samples.flatMap((sample, s) => {
    const positions = stringPositions(sample());
    return names.map((name) => ({
      name,
      variants: positions.map((position) => ({
        label: `sample ${s} ${describePosition(position)} = ${JSON.stringify(name)}`,
        build: () => replaceStrings(sample(), [[position, name]]) as T,
      })),
    }));
  });
}

describe('every dangerous name in every string position of every procedure', () => {
  for (const path of paths) {
    it(
      path,
      async () => {
        const query = isQuery(path);
        const failures: string[] = [];
        for (const { name, variants } of variantsOf(PROCEDURE_SAMPLES[path]!)) {
          await env.prepare();
          const inputs = variants.map((v) => v.build());
          const batch = jsonBatchRequest(path, inputs, query);
          const response = await send(env.url, batch, ANSWER_DEADLINE_MS).catch(noAnswer);
          cases += inputs.length;
          const problems = found([problemWith(response), ...(await env.check())]);
          if (problems.length === 0) continue;
          let named = false;
          for (const variant of variants) {
            await env.prepare();
            const single = await env.call(path, variant.build(), query, ANSWER_DEADLINE_MS);
            const own = found([problemWith(single), ...(await env.check())]);
            if (own.length === 0) continue;
            named = true;
            failures.push(`${path} ${variant.label}: ${own.join(' | ')}`);
          }
          if (!named) failures.push(`${path} batch of ${JSON.stringify(name)}: ${problems.join(' | ')}`);
        }
        expect(failures).toEqual([]);
      },
      TEST_TIMEOUT_MS,
    );
  }
});

describe('every dangerous name in every string position of socket.io traffic', () => {
  it(
    'messages: the event name and every position of the payload',
    async () => {
      const isKnown = ([event]: [string, unknown]) => event === 'subscribe' || event === 'unsubscribe';
      /** What is wrong after sending `messages` on one connection. */
      const sendAll = async (messages: [string, unknown][]) => {
        const { socket, error } = await openSocket(env.url);
        // Other event names may close the connection (a protocol error): they go last.
        const ordered = [...messages.filter(isKnown), ...messages.filter((m) => !isKnown(m))];
        if (!error) for (const [event, payload] of ordered) socket.emit(event, payload);
        await sleep(5); // no acknowledgement exists: give the server the messages
        const known = messages.every(isKnown);
        const problems = found([
          error ? `a plain connection was refused: ${error}` : null,
          socket.connected || !known ? null : 'the messages closed the connection',
          ...(await env.check()),
        ]);
        socket.close();
        return problems;
      };
      const failures: string[] = [];
      for (const { name, variants } of variantsOf(SOCKET_SAMPLES)) {
        await env.prepare();
        cases += variants.length;
        const problems = await sendAll(variants.map((v) => v.build()));
        if (problems.length === 0) continue;
        let named = false;
        for (const variant of variants) {
          await env.prepare();
          const own = await sendAll([variant.build()]);
          if (own.length === 0) continue;
          named = true;
          failures.push(`socket ${variant.label}: ${own.join(' | ')}`);
        }
        if (!named) failures.push(`socket messages with ${JSON.stringify(name)}: ${problems.join(' | ')}`);
      }
      expect(failures).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'handshakes: every position of the auth payload, the cookies and the bearer, also on tRPC and /metrics',
    async () => {
      const failures: string[] = [];
      for (const { variants } of variantsOf(HANDSHAKE_SAMPLES, [...DANGEROUS_NAMES, ...MALFORMED_ESCAPES])) {
        for (const variant of variants) {
          await env.prepare();
          const [auth, cookies, bearer] = variant.build();
          const headers = handshakeHeaders(cookies, bearer);
          const { socket, error } = await openSocket(env.url, { auth, headers });
          socket.close();
          // The same credentials on the control plane and the metrics scrape.
          const trpc = await send(
            env.url,
            { method: 'GET', path: 'actors.list', headers, contentType: 'application/json' },
            ANSWER_DEADLINE_MS,
          ).catch(noAnswer);
          const metrics = await scrapeMetrics(env.url, headers, ANSWER_DEADLINE_MS);
          cases++;
          const problems = found([
            error ? `handshake refused without a token configured: ${error}` : null,
            problemWith(trpc),
            metrics,
            ...(await env.check()),
          ]);
          if (problems.length > 0) failures.push(`handshake ${variant.label}: ${problems.join(' | ')}`);
        }
      }
      expect(failures).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );
});
