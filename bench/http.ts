// actors.invoke over HTTP with 64 keep-alive connections, against a bare node:http JSON echo in the
// same run. Server and load generator are separate processes (one core each).
import { type ChildProcess, spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { type BenchRow, row } from './report.ts';

const CONNECTIONS = 64;
const DURATION_MS = 3000;

export function startChild(
  mode: 'troupe' | 'echo' | 'trpc-echo' | 'ws-echo',
): Promise<{ child: ChildProcess; port: number }> {
  return spawnBenchServer('bench/http-child.ts', [mode], mode);
}

/** Starts a bench server script in its own process; resolves with the port it prints as `{"port":n}`. */
export async function spawnBenchServer(
  script: string,
  args: string[],
  label: string,
): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, NODE_ENV: 'production' },
  });
  const port = await new Promise<number>((resolve, reject) => {
    let buffer = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const line = buffer.split('\n').find((l) => l.startsWith('{"port"'));
      if (line) resolve(JSON.parse(line).port);
    });
    child.once('exit', (code) => reject(new Error(`${label} server exited with ${code}`)));
  });
  return { child, port };
}

function post(agent: Agent, port: number, path: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json' },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function load(port: number, path: string, bodyOf: (i: number) => string): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  for (let i = 0; i < CONNECTIONS; i++) await post(agent, port, path, bodyOf(i)); // warm connections + actors
  let done = 0;
  let failed = 0;
  const until = performance.now() + DURATION_MS;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async (_, i) => {
      while (performance.now() < until) {
        const status = await post(agent, port, path, bodyOf(i));
        if (status === 200) done++;
        else failed++;
      }
    }),
  );
  agent.destroy();
  if (failed > 0) throw new Error(`${failed} requests failed`);
  return done / ((performance.now() - started) / 1000);
}

export async function httpInvoke(): Promise<BenchRow[]> {
  const invoke = (action: string) => (i: number) =>
    JSON.stringify({
      json: { type: 'counter', key: `http-${i}`, action, args: action === 'increment' ? { by: 1 } : {} },
    });
  const echo = await startChild('echo');
  const trpcEcho = await startChild('trpc-echo');
  const troupe = await startChild('troupe');
  try {
    const baseline = await load(echo.port, '/echo', invoke('get'));
    const trpcBaseline = await load(trpcEcho.port, '/api/trpc/echo', invoke('get'));
    const get = await load(troupe.port, '/api/trpc/actors.invoke', invoke('get'));
    const increment = await load(troupe.port, '/api/trpc/actors.invoke', invoke('increment'));
    return [
      row({
        suite: 'http',
        name: 'actors.invoke (get) over HTTP, 64 connections',
        value: get,
        unit: 'req/s',
        baseline,
        target: '>= 0.5x node:http echo',
        pass: get / baseline >= 0.5,
      }),
      row({
        suite: 'http',
        name: 'actors.invoke (get) vs a bare tRPC echo procedure',
        value: get,
        unit: 'req/s',
        baseline: trpcBaseline,
        note: 'same adapter and superjson: what Troupe adds on top of tRPC itself',
      }),
      row({
        suite: 'http',
        name: 'bare tRPC echo procedure vs node:http echo',
        value: trpcBaseline,
        unit: 'req/s',
        baseline,
        note: "tRPC's own HTTP cost",
      }),
      row({
        suite: 'http',
        name: 'actors.invoke (durable increment, journaled) over HTTP',
        value: increment,
        unit: 'req/s',
        baseline,
      }),
    ];
  } finally {
    trpcEcho.child.kill();
    echo.child.kill();
    troupe.child.kill();
  }
}
