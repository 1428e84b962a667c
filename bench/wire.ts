// The WebSocket wire (issue 13), client in this process, server in a child (one core each):
// 64 callers on one key over the SDK's wire transport against a bare ws echo server (same client,
// same framing), sequential latency, the SDK's HTTP path, durable increments, and 1,000 subscribers
// of one actor broadcasting 1,000 events/s (RSS per connection from the server's /proc status).
import { readFileSync } from 'node:fs';
import { createTroupeClient } from '../client/index.ts';
import { WireClient } from '../client/wire-client.ts';
import { startChild } from './http.ts';
import { type BenchRow, row } from './report.ts';

const CALLERS = 64;
const DURATION_MS = 3000;
const SEQUENTIAL_CALLS = 5_000;
const SUBSCRIBERS = 1_000;
const EVENTS_PER_SEC = 1_000;
const BROADCAST_SECONDS = 3;

type Call = (caller: number) => Promise<unknown>;

async function throughput(call: Call, callers = CALLERS): Promise<number> {
  for (let i = 0; i < callers; i++) await call(i); // warm: connections, activations, JIT
  let done = 0;
  const started = performance.now();
  const until = started + DURATION_MS;
  await Promise.all(
    Array.from({ length: callers }, async (_, i) => {
      while (performance.now() < until) {
        await call(i);
        done++;
      }
    }),
  );
  return done / ((performance.now() - started) / 1000);
}

async function p50(call: Call): Promise<number> {
  for (let i = 0; i < 500; i++) await call(0);
  const times: number[] = [];
  for (let i = 0; i < SEQUENTIAL_CALLS; i++) {
    const started = performance.now();
    await call(0);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

/** Two calls' p50s measured alternately, so drift in the machine's load hits both alike. */
async function p50Pair(a: Call, b: Call): Promise<[number, number]> {
  for (let i = 0; i < 500; i++) {
    await a(0);
    await b(0);
  }
  const times: [number[], number[]] = [[], []];
  for (let i = 0; i < SEQUENTIAL_CALLS; i++) {
    for (const [index, call] of [a, b].entries()) {
      const started = performance.now();
      await call(0);
      times[index]!.push(performance.now() - started);
    }
  }
  const median = (list: number[]) => list.sort((x, y) => x - y)[Math.floor(list.length / 2)]!;
  return [median(times[0]), median(times[1])];
}

const rssMb = (pid: number) =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

async function subscribers(url: string, pid: number): Promise<BenchRow[]> {
  const before = rssMb(pid);
  const received = new Array<number>(SUBSCRIBERS).fill(0);
  const clients = Array.from({ length: SUBSCRIBERS }, () => new WireClient({ url }));
  const publisher = createTroupeClient({ url, transport: 'ws' });
  try {
    for (const [i, client] of clients.entries()) {
      client.subscribe('chat-room', 'bench-fanout', 'broadcasts', () => void received[i]!++);
    }
    await Promise.all(clients.map((client) => client.ask('counter', 'bench-sync', 'get', {})));
    const connectedRss = rssMb(pid);
    const room = publisher.actor('chat-room', 'bench-fanout');
    const attempts = EVENTS_PER_SEC * BROADCAST_SECONDS;
    let refused = 0;
    const started = performance.now();
    const tells: Promise<void>[] = [];
    for (let i = 0; i < attempts; i++) {
      tells.push(room.tell('post', { user: 'bench', text: `event ${i}` }).catch(() => void refused++));
      // Paced: 1,000 events per second, in 10 ms steps of 10.
      if (i % 10 === 9) {
        const due = started + ((i + 1) / EVENTS_PER_SEC) * 1000;
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
      }
    }
    await Promise.all(tells);
    const sent = attempts - refused; // a full mailbox refuses a tell (OVERLOADED): it broadcasts nothing
    const deadline = performance.now() + 10_000;
    while (Math.min(...received) < sent && performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const elapsed = (performance.now() - started) / 1000;
    const complete = received.filter((n) => n === sent).length;
    return [
      row({
        suite: 'wire',
        name: `${SUBSCRIBERS} subscribers of one actor broadcasting ${EVENTS_PER_SEC}/s: each received every event`,
        value: complete,
        unit: 'subscribers',
        target: `${SUBSCRIBERS} of ${SUBSCRIBERS}`,
        pass: complete === SUBSCRIBERS && refused === 0,
        note: `${Math.min(...received)} to ${Math.max(...received)} of ${sent} events each (${refused} posts refused OVERLOADED), ${Math.round((sent * SUBSCRIBERS) / elapsed).toLocaleString('en-US')} deliveries/s`,
      }),
      row({
        suite: 'wire',
        name: 'server RSS per subscribed connection (connected minus before)',
        value: ((connectedRss - before) * 1024) / SUBSCRIBERS,
        unit: 'KiB',
        note: `server RSS ${before.toFixed(1)} MB before, ${connectedRss.toFixed(1)} MB with ${SUBSCRIBERS} subscribed connections (heap reuse makes the difference a floor)`,
      }),
    ];
  } finally {
    for (const client of clients) client.close();
    publisher.close();
  }
}

export async function wireTransport(): Promise<BenchRow[]> {
  const echo = await startChild('ws-echo');
  const troupe = await startChild('troupe');
  const echoClient = new WireClient({ url: `http://127.0.0.1:${echo.port}` });
  const url = `http://127.0.0.1:${troupe.port}`;
  const ws = createTroupeClient({ url, transport: 'ws' });
  const http = createTroupeClient({ url });
  try {
    const echoCall: Call = () => echoClient.ask('counter', 'bench', 'get', {});
    // bench-counter's get: a turn that changes nothing commits nothing (counter would journal it).
    const get: Call = () => ws.actor('bench-counter', 'one-key').ask('get');
    const increment: Call = (i) => ws.actor('bench-counter', `inc-${i}`).ask('increment', { by: 1 });
    const journaled: Call = (i) => ws.actor('counter', `bench-inc-${i}`).ask('increment', { by: 1 });
    const httpGet: Call = () => http.actor('bench-counter', 'one-key').ask('get');
    const body = JSON.stringify({ json: { type: 'bench-counter', key: 'one-key', action: 'get' } });
    const rawFetch: Call = async () => {
      const response = await fetch(`${url}/api/trpc/actors.invoke`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      await response.json();
    };
    const baseline = await throughput(echoCall);
    const asks = await throughput(get);
    const overHttp = await throughput(httpGet);
    const increments = await throughput(increment);
    const journaledIncrements = await throughput(journaled);
    const echoP50 = await p50(echoCall);
    const askP50 = await p50(get);
    const [httpP50, fetchP50] = await p50Pair(httpGet, rawFetch);
    return [
      row({
        suite: 'wire',
        name: 'asks over the SDK wire, 64 callers, one key (bench-counter get)',
        value: asks,
        unit: 'asks/s',
        baseline,
        target: '>= 60,000/s, >= 0.5x bare ws echo',
        pass: asks >= 60_000 && asks / baseline >= 0.5,
      }),
      row({
        suite: 'wire',
        name: 'the same over the SDK HTTP transport',
        value: overHttp,
        unit: 'asks/s',
        baseline: asks,
        target: 'wire >= 5x HTTP',
        pass: asks / overHttp >= 5,
      }),
      row({
        suite: 'wire',
        name: 'durable increments over the wire, 64 callers (reply after commit, unjournaled)',
        value: increments,
        unit: 'increments/s',
        target: '>= 30,000/s',
        pass: increments >= 30_000,
      }),
      row({
        suite: 'wire',
        name: 'journaled counter increments over the wire, 64 callers',
        value: journaledIncrements,
        unit: 'increments/s',
        baseline: increments,
        note: 'the journal facet writes args, result and state per turn',
      }),
      row({ suite: 'wire', name: 'sequential ask p50, bare ws echo', value: echoP50, unit: 'ms' }),
      row({
        suite: 'wire',
        name: 'sequential ask p50 over the SDK wire',
        value: askP50,
        unit: 'ms',
        baseline: echoP50,
        target: '<= 0.1 ms',
        pass: askP50 <= 0.1,
      }),
      row({
        suite: 'wire',
        name: 'sequential ask p50 over the SDK HTTP transport',
        value: httpP50,
        unit: 'ms',
        baseline: fetchP50,
        target: 'match a raw fetch (<= 1.2x)',
        pass: httpP50 / fetchP50 <= 1.2,
        note: 'baseline: the same call as a raw fetch() of actors.invoke',
      }),
    ];
  } finally {
    echoClient.close();
    ws.close();
    echo.child.kill();
    troupe.child.kill();
  }
}

/** On a fresh server process, so its RSS before the connections is not inflated by the load above. */
export async function wireSubscribers(): Promise<BenchRow[]> {
  const troupe = await startChild('troupe');
  try {
    return await subscribers(`http://127.0.0.1:${troupe.port}`, troupe.child.pid!);
  } finally {
    troupe.child.kill();
  }
}
