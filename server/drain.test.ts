// Draining honestly, with real processes. While a SIGTERMed server drains, system.health answers
// 503 SERVICE_UNAVAILABLE on the connections still open, so balancers stop sending; a slow request
// in flight still gets its answer; the process exits 0. And `npm start` is the process a supervisor
// can wait for: npm passes SIGTERM to the server and exits only once the server has drained.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { ZPipelineSpecSchema } from './pipelines/spec.ts';
import { type ChildTroupe, startChildTroupe, stopChild } from './reliability/support/child-troupe.ts';
import { troupeClient } from './reliability/support/clients.ts';
import { REPO_ROOT } from './test-support/run-child.ts';

let dir: string;
let child: ChildTroupe | undefined;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'troupe-drain-'));
});
afterEach(async () => {
  await stopChild(child);
  child = undefined;
  rmSync(dir, { recursive: true, force: true });
});

const SLEEPER = `import { defineActor } from 'troupe';
import { z } from 'zod';

export const sleeper = defineActor({
  type: 'sleeper',
  state: () => ({}),
  actions: {
    nap: {
      input: z.object({ ms: z.number() }),
      handler: async (_ctx, { ms }) => {
        await new Promise((resolve) => setTimeout(resolve, ms));
        return 'rested';
      },
    },
  },
});
`;

interface Probe {
  status: number | 'refused' | 'reset';
  code?: string;
}

/** GET system.health over a kept-alive connection (the one a balancer's probe would reuse). */
function probeHealth(url: string, agent: Agent): Promise<Probe> {
  return new Promise((resolve) => {
    const req = httpRequest(`${url}/api/trpc/system.health`, { agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => {
        const code = res.statusCode === 200 ? undefined : JSON.parse(body)?.error?.json?.data?.code;
        resolve({ status: res.statusCode ?? 0, code });
      });
    });
    req.on('error', (error: NodeJS.ErrnoException) =>
      resolve({ status: error.code === 'ECONNREFUSED' ? 'refused' : 'reset' }),
    );
    req.end();
  });
}

it('SIGTERM: health answers 503 SERVICE_UNAVAILABLE during the drain, a slow request is answered, exit 0', async () => {
  // A turn that takes its time (a timer, not CPU): in flight at the signal, it holds the drain open
  // for as long as it lasts, so the probes see the draining state however busy the machine is.
  const actorsDir = join(dir, 'actors');
  mkdirSync(actorsDir);
  writeFileSync(join(actorsDir, 'sleeper.ts'), SLEEPER);
  child = await startChildTroupe({ dbPath: join(dir, 'troupe.db'), env: { TROUPE_ACTORS_DIR: actorsDir } });
  const client = troupeClient(child.url);
  // Expensive events (10 ms of CPU each): a publish of 150 takes a good second.
  const spec = ZPipelineSpecSchema.parse({
    name: 'slow',
    operators: [
      { kind: 'map', config: { costMs: 10 } },
      { kind: 'reduce', config: { windowSize: 5, fn: 'sum' } },
    ],
  });
  const { id } = await client.pipelines.create.mutate(spec);
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  expect(await probeHealth(child.url, agent)).toEqual({ status: 200 }); // the kept-alive connection

  const events = Array.from({ length: 150 }, (_, i) => ({ sensorId: `s${i % 5}`, value: i, ts: i }));
  const slow = client.pipelines.publish
    .mutate({ id, events })
    .then(() => 'answered 200')
    .catch((error: { data?: { code?: string }; message: string }) =>
      error.data?.code ? `answered ${error.data.code}` : `no answer: ${error.message}`,
    );
  const nap = client.actors.invoke
    .mutate({ type: 'sleeper', key: 'z', action: 'nap', args: { ms: 2_000 } })
    .then((reply) => ('result' in reply ? `answered ${reply.result}` : 'queued'))
    .catch((error: { message: string }) => `no answer: ${error.message}`);
  // SIGTERM once the server is working on both (a fixed pause was too short on a busy machine: the
  // requests had not arrived, the drain was instant and the probes never saw it).
  for (;;) {
    const [summary, sleeper] = await Promise.all([
      client.pipelines.get.query({ id }),
      // NOT_FOUND until the nap has reached the server and activated it.
      client.actors.get.query({ type: 'sleeper', key: 'z' }).catch(() => null),
    ]);
    if (summary.published > 0 && sleeper?.status === 'active') break;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  child.kill('SIGTERM');
  const probes: Probe[] = [];
  while (probes.length < 2_000) {
    const probe = await probeHealth(child.url, agent);
    probes.push(probe);
    if (probe.status === 'refused' || probe.status === 'reset') break;
    // Idle in between, as a balancer's probe connection is: the drain must keep an idle kept-alive
    // connection open and answer 503 on it (closing it would make the next probe fail instead).
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const exit = await child.exited;
  const outcome = await slow;
  const firstDraining = probes.findIndex((p) => p.status === 503);
  console.log(
    `drain: ${probes.filter((p) => p.status === 200).length} probes 200 before the signal was handled, then ${JSON.stringify(probes.slice(firstDraining))}; slow publish ${outcome}; exit ${JSON.stringify(exit)}`,
  );
  expect(firstDraining).toBeGreaterThanOrEqual(0);
  expect(probes[firstDraining]).toEqual({ status: 503, code: 'SERVICE_UNAVAILABLE' });
  // Once draining, never ready again: 503s, then the connection refused.
  expect(probes.slice(firstDraining).every((p) => p.status !== 200)).toBe(true);
  expect(outcome).toMatch(/^answered (200|SERVICE_UNAVAILABLE)$/);
  expect(await nap).toBe('answered rested'); // the turn in flight finished and was answered
  expect(exit).toEqual({ code: 0, signal: null });
  agent.destroy();
}, 60_000);

it('npm start: SIGTERM reaches the server, and npm exits 0 only after the server has drained', async () => {
  // --ignore-scripts skips prestart (the dashboard build); headless needs none.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: `file:${join(dir, 'npm.db')}`,
    TROUPE_DASHBOARD: '0',
    TROUPE_DEMO: '0',
    LOG_LEVEL: 'info',
  };
  delete env.TROUPE_TOKEN;
  const npm = spawn('npm', ['start', '--ignore-scripts', '--silent'], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  npm.stdout.on('data', (chunk) => (stdout += chunk));
  npm.stderr.on('data', (chunk) => (stdout += chunk));
  const exited = new Promise<number | null>((resolve) => npm.once('exit', (code) => resolve(code)));
  // Output is complete once every holder of the pipes (npm, and the server) has closed them.
  const closed = new Promise((resolve) => npm.once('close', resolve));
  await expect.poll(() => stdout, { timeout: 30_000 }).toContain('Troupe ready on');
  const ready = JSON.parse(stdout.split('\n').find((line) => line.includes('Troupe ready on'))!);
  const serverPid = ready.pid as number;
  expect(serverPid).not.toBe(npm.pid);

  npm.kill('SIGTERM');
  const code = await exited;
  const serverAlive = (() => {
    try {
      process.kill(serverPid, 0);
      return true;
    } catch {
      return false;
    }
  })();
  if (serverAlive) process.kill(serverPid, 'SIGKILL'); // an orphan: do not leak it past the test
  await closed;
  expect(stdout).toContain('"msg":"shutdown complete"');
  expect(serverAlive).toBe(false);
  expect(code).toBe(0);
}, 60_000);
