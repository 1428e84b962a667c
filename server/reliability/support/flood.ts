// Flood tools for the overload suite: raw batched tRPC requests (many calls in one HTTP request,
// so more messages reach the server between two scheduler slices than a mailbox holds), probes
// that time single calls, a health prober and an RSS sampler.
import superjson from 'superjson';
import type { ChildTroupe } from './child-troupe.ts';
import { codeOf, sleep, type TroupeRpc } from './clients.ts';

export interface BatchRequest {
  url: string;
  body: string;
  calls: number;
}

/** One HTTP request carrying `inputs.length` calls of `procedure` (a tRPC batch). */
export function batchRequest(baseUrl: string, procedure: string, inputs: unknown[]): BatchRequest {
  const body = JSON.stringify(Object.fromEntries(inputs.map((input, i) => [i, superjson.serialize(input)])));
  const paths = Array.from({ length: inputs.length }, () => procedure).join(',');
  return { url: `${baseUrl}/api/trpc/${paths}?batch=1`, body, calls: inputs.length };
}

/** Sends the batch and counts its calls by outcome: 'ok' or the tRPC error code. */
export async function sendBatch(request: BatchRequest, outcomes: Map<string, number>): Promise<void> {
  const response = await fetch(request.url, {
    method: 'POST',
    body: request.body,
    headers: { 'content-type': 'application/json' },
  });
  const results = (await response.json()) as { error?: { json: { data: { code: string } } } }[];
  for (const result of results) {
    const outcome = result.error ? result.error.json.data.code : 'ok';
    outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
  }
}

/** Latencies of single calls, by outcome ('ok' or the error code). */
export type Timings = Map<string, number[]>;

export async function timeCall(timings: Timings, call: () => Promise<unknown>): Promise<void> {
  const started = performance.now();
  let outcome = 'ok';
  try {
    await call();
  } catch (error) {
    outcome = codeOf(error) ?? 'transport error';
  }
  const list = timings.get(outcome) ?? [];
  list.push(performance.now() - started);
  timings.set(outcome, list);
}

/** Asks system.health every `everyMs` until stopped; returns the latencies. */
export async function probeHealth(
  client: TroupeRpc,
  stopped: () => boolean,
  everyMs = 25,
): Promise<number[]> {
  const latencies: number[] = [];
  while (!stopped()) {
    const started = performance.now();
    const health = await client.system.health.query();
    latencies.push(performance.now() - started);
    if (!health.ok) throw new Error(`health not ok: ${JSON.stringify(health)}`);
    await sleep(everyMs);
  }
  return latencies;
}

/** Samples the child's RSS every `everyMs` until stopped; returns the samples in MB. */
export async function sampleRss(child: ChildTroupe, stopped: () => boolean, everyMs = 50): Promise<number[]> {
  const samples: number[] = [];
  while (!stopped()) {
    const rss = child.rssMb();
    if (rss !== null) samples.push(rss);
    await sleep(everyMs);
  }
  return samples;
}
