// Overload: one actor and one pipeline flooded far past their capacity in a real Troupe process.
// Callers past capacity must get TOO_MANY_REQUESTS at once (never queue without bound), the
// process's memory must stay bounded, system.health must keep answering, every accepted call must
// be applied exactly once and every rejected one not at all, and normal calls must succeed after.
//
// The flood is closed-loop: a few clients each send one batched HTTP request (hundreds of calls)
// at a time, so more messages reach the runtime between two scheduler slices than a mailbox
// holds. Single calls sent alongside ("probes") measure what an ordinary caller sees.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type ChildTroupe, startChildTroupe, stopChild } from './support/child-troupe.ts';
import { sleep, type TroupeRpc, troupeClient } from './support/clients.ts';
import { batchRequest, probeHealth, sampleRss, sendBatch, type Timings, timeCall } from './support/flood.ts';
import { describeLatencies, quantile } from './support/stats.ts';

const FLOOD_MS = 2_500;
/**
 * No call may wait longer than this during a flood (rejections included). Latency here is queueing
 * for the event loop behind the flood's requests, so it is a "never stalls" bound, not a target
 * (speed lives in bench/): 5 s, since the p99 of refusals reached 1.4 to 2.1 s on this shared 2-core
 * machine under a full suite, and a bound that flips with the machine's load proves nothing.
 */
const STALL_BOUND_MS = 5_000;
/** RSS may grow by at most this much over the idle process during a flood. */
const RSS_GROWTH_BOUND_MB = 400;

let dir: string;
let child: ChildTroupe;
let client: TroupeRpc;
let idleRssMb: number;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'troupe-overload-'));
  child = await startChildTroupe({ dbPath: join(dir, 'troupe.db') });
  client = troupeClient(child.url);
  // Warm up (JIT, first activation) so the figures are about overload, not about a cold start.
  const warm = batchRequest(child.url, 'actors.invoke', Array(100).fill(increment('warm', 'tell')));
  for (let i = 0; i < 20; i++) await sendBatch(warm, new Map());
  await client.system.health.query();
  idleRssMb = child.rssMb()!;
}, 60_000);

afterAll(async () => {
  await stopChild(child);
  rmSync(dir, { recursive: true, force: true });
});

function increment(key: string, mode: 'ask' | 'tell') {
  return { type: 'counter', key, action: 'increment', args: { by: 1 }, mode };
}

/** Runs `load` loops, a health prober and an RSS sampler for FLOOD_MS. */
async function flood(loops: (() => Promise<void>)[]) {
  let stopped = false;
  const running = Promise.all(
    loops.map(async (loop) => {
      while (!stopped) await loop();
    }),
  );
  const health = probeHealth(client, () => stopped);
  const rss = sampleRss(child, () => stopped);
  await sleep(FLOOD_MS);
  stopped = true;
  await running;
  return { health: await health, rss: await rss };
}

function report(name: string, figures: Record<string, string | number>) {
  console.log(
    `${name}:\n${Object.entries(figures)
      .map(([k, v]) => `  ${k}: ${v}`)
      .join('\n')}`,
  );
}

it('flooding one actor: TOO_MANY_REQUESTS at once, bounded memory, health answers, exact accounting, recovery', async () => {
  // 1,000 tells per request (about as many as fit in a request's URL), two requests at a time.
  const tells = batchRequest(child.url, 'actors.invoke', Array(1000).fill(increment('hot', 'tell')));
  const floodOutcomes = new Map<string, number>();
  const probes: Timings = new Map();
  const probe = () => timeCall(probes, () => client.actors.invoke.mutate(increment('hot', 'ask')));
  const { health, rss } = await flood([
    ...Array.from({ length: 2 }, () => () => sendBatch(tells, floodOutcomes)),
    ...Array.from({ length: 4 }, () => probe),
  ]);

  const recoveryStarted = performance.now();
  const reply = await client.actors.invoke.mutate({ type: 'counter', key: 'hot', action: 'get', args: {} });
  const recoveryMs = performance.now() - recoveryStarted;
  const metrics = await client.system.metrics.query();

  const accepted = (floodOutcomes.get('ok') ?? 0) + (probes.get('ok')?.length ?? 0);
  const rejected =
    (floodOutcomes.get('TOO_MANY_REQUESTS') ?? 0) + (probes.get('TOO_MANY_REQUESTS')?.length ?? 0);
  const peakRss = Math.max(...rss);
  report('actor flood (counter "hot", mailbox 1,000)', {
    'flood tells': JSON.stringify(Object.fromEntries(floodOutcomes)),
    'probe asks ok': describeLatencies(probes.get('ok') ?? []),
    'probe asks TOO_MANY_REQUESTS': describeLatencies(probes.get('TOO_MANY_REQUESTS') ?? []),
    'system.health during flood': describeLatencies(health),
    rss: `idle ${idleRssMb.toFixed(0)} MB, peak ${peakRss.toFixed(0)} MB (bound: idle + ${RSS_GROWTH_BOUND_MB} MB)`,
    'after flood': `count=${'result' in reply ? reply.result : '?'} accepted=${accepted} rejected=${rejected} first call ${recoveryMs.toFixed(1)}ms, mailboxDepth=${metrics.mailboxDepth}`,
  });

  // Two 1,000-tell requests landing back to back overflow the 1,000-slot mailbox: some calls must be
  // refused (how many depends on how fast this machine drains it; 0 would mean no backpressure).
  expect(rejected).toBeGreaterThan(0);
  expect(
    [...floodOutcomes.keys(), ...probes.keys()].every((k) => k === 'ok' || k === 'TOO_MANY_REQUESTS'),
  ).toBe(true);
  // Every accepted call applied exactly once, every rejected one not at all.
  expect('result' in reply && reply.result).toBe(accepted);
  expect(metrics.mailboxDepth).toBe(0);
  expect(quantile(probes.get('TOO_MANY_REQUESTS') ?? [0], 0.99)).toBeLessThan(STALL_BOUND_MS);
  // Health keeps answering, but NOT within 100 ms here: a 1,000-call request holds the event loop
  // for ~90 ms and requests are served in arrival order (see docs/reliability.md, known gaps).
  expect(Math.max(...health)).toBeLessThan(STALL_BOUND_MS);
  expect(peakRss - idleRssMb).toBeLessThan(RSS_GROWTH_BOUND_MB);
  expect(recoveryMs).toBeLessThan(250);
}, 60_000);

it('flooding one pipeline: whole batches rejected at once, bounded memory, health answers, exact accounting, recovery', async () => {
  const { id } = await client.pipelines.create.mutate({
    name: 'flood',
    operators: [{ kind: 'map', config: { scale: 1 } }],
  });
  const events = (sensor: string) =>
    Array.from({ length: 20 }, (_, i) => ({ sensorId: sensor, value: i, ts: i + 1 }));
  const publishes = batchRequest(
    child.url,
    'pipelines.publish',
    Array.from({ length: 100 }, (_, i) => ({ id, events: events(`s${i % 10}`) })),
  );
  const floodOutcomes = new Map<string, number>();
  const probes: Timings = new Map();
  const probe = () =>
    timeCall(probes, () => client.pipelines.publish.mutate({ id, events: events('probe') }));
  const { health, rss } = await flood([
    ...Array.from({ length: 4 }, () => () => sendBatch(publishes, floodOutcomes)),
    ...Array.from({ length: 4 }, () => probe),
  ]);

  const recoveryStarted = performance.now();
  await client.pipelines.publish.mutate({ id, events: events('after') });
  const recoveryMs = performance.now() - recoveryStarted;
  const summary = await client.pipelines.get.query({ id });
  const sink = await client.actors.get.query({ type: 'pipeline-sink', key: id });
  const outputs = (sink.state as { nextSeq: number }).nextSeq - 1;

  const acceptedCalls = (floodOutcomes.get('ok') ?? 0) + (probes.get('ok')?.length ?? 0) + 1;
  const rejected =
    (floodOutcomes.get('TOO_MANY_REQUESTS') ?? 0) + (probes.get('TOO_MANY_REQUESTS')?.length ?? 0);
  const peakRss = Math.max(...rss);
  report('pipeline flood (map -> sink, intake mailbox 256)', {
    'flood publishes (20 events each)': JSON.stringify(Object.fromEntries(floodOutcomes)),
    'probe publishes ok': describeLatencies(probes.get('ok') ?? []),
    'probe publishes TOO_MANY_REQUESTS': describeLatencies(probes.get('TOO_MANY_REQUESTS') ?? []),
    'system.health during flood': describeLatencies(health),
    rss: `idle ${idleRssMb.toFixed(0)} MB, peak ${peakRss.toFixed(0)} MB (bound: idle + ${RSS_GROWTH_BOUND_MB} MB)`,
    'after flood': `outputs=${outputs} accepted events=${acceptedCalls * 20} rejected publishes=${rejected} first publish ${recoveryMs.toFixed(1)}ms, queueDepth=${summary.operators[0]?.queueDepth}`,
  });

  expect(rejected).toBeGreaterThan(256);
  expect(
    [...floodOutcomes.keys(), ...probes.keys()].every((k) => k === 'ok' || k === 'TOO_MANY_REQUESTS'),
  ).toBe(true);
  // A rejected publish applied nothing; an accepted one every event exactly once.
  expect(outputs).toBe(acceptedCalls * 20);
  expect(summary.operators[0]?.queueDepth).toBe(0);
  expect(quantile(probes.get('TOO_MANY_REQUESTS') ?? [0], 0.99)).toBeLessThan(STALL_BOUND_MS);
  expect(quantile(health, 0.5)).toBeLessThan(100);
  expect(Math.max(...health)).toBeLessThan(STALL_BOUND_MS);
  expect(peakRss - idleRssMb).toBeLessThan(RSS_GROWTH_BOUND_MB);
  expect(recoveryMs).toBeLessThan(250);
}, 60_000);
