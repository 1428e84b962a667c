// A real Troupe process (server/main.ts under tsx, headless) on a given SQLite file, for the
// reliability suites: started and killed like production, observed from outside (stdout, RSS, exit).
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const READY = /Troupe ready on (http:\/\/[^\s"]+)/;
const ROOT = join(import.meta.dirname, '..', '..', '..');

export interface ChildTroupe {
  url: string;
  pid: number;
  process: ChildProcess;
  /** Resolves when the process has exited (code, or the signal that killed it). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The newest stdout/stderr lines (for diagnostics when a check fails). */
  tail(): string[];
  /** Resident set size of the process now, in MB (from /proc; null once it has exited). */
  rssMb(): number | null;
  kill(signal: NodeJS.Signals): void;
}

export interface ChildOptions {
  /** A SQLite file; or give `databaseUrl` (e.g. postgres://... for a cluster node). */
  dbPath?: string;
  databaseUrl?: string;
  env?: Record<string, string>;
  /** How long to wait for the ready line. */
  startTimeoutMs?: number;
}

export async function startChildTroupe(options: ChildOptions): Promise<ChildTroupe> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: options.databaseUrl ?? `file:${options.dbPath}`,
    TROUPE_DASHBOARD: '0',
    TROUPE_DEMO: '0',
    ...options.env,
  };
  if (!options.env?.TROUPE_TOKEN) delete env.TROUPE_TOKEN;
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // The child logs synchronously to its pipes: they must be drained or it blocks.
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) if (line) lines.push(line);
    if (lines.length > 400) lines.splice(0, lines.length - 200);
  };
  child.stderr!.on('data', keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL'); // a child that never became ready must not outlive the test
      reject(new Error(`Troupe did not start in time:\n${lines.slice(-20).join('\n')}`));
    }, options.startTimeoutMs ?? 30_000);
    let seen = '';
    let ready = false;
    child.stdout!.on('data', (chunk: Buffer) => {
      keep(chunk);
      if (ready) return;
      seen += chunk.toString('utf8');
      const match = READY.exec(seen);
      if (match) {
        ready = true;
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`Troupe exited before ready (${code ?? signal}):\n${lines.slice(-20).join('\n')}`));
    });
  });
  return {
    url,
    pid: child.pid!,
    process: child,
    exited,
    tail: () => [...lines],
    rssMb: () => rssMbOf(child.pid!),
    kill: (signal) => {
      child.kill(signal);
    },
  };
}

export function rssMbOf(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1];
    return kb ? Number(kb) / 1024 : null;
  } catch {
    return null;
  }
}

/** Stops the child if it is still running (test cleanup); SIGKILL after a grace period. */
export async function stopChild(child: ChildTroupe | undefined, graceMs = 5_000): Promise<void> {
  if (!child || child.process.exitCode !== null || child.process.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await child.exited;
  clearTimeout(timer);
}
