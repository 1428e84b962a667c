// Runs a Node script as a real child process (the CLI, an example) and collects its output. Async on
// purpose: the server under test lives in the test process, and must keep serving meanwhile.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

export const REPO_ROOT = join(import.meta.dirname, '..', '..');

export interface ChildResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  timeoutMs?: number;
  /** Default: the repository root. */
  cwd?: string;
}

/** Any program as a child process; TROUPE_URL and TROUPE_TOKEN of the test process are not inherited. */
export function runProcess(file: string, args: string[], options: RunOptions = {}): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      TROUPE_URL: undefined,
      TROUPE_TOKEN: undefined,
      ...options.env,
    };
    for (const name of Object.keys(env)) if (env[name] === undefined) delete env[name];
    const child = spawn(file, args, {
      cwd: options.cwd ?? REPO_ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`timed out: ${file} ${args.join(' ')}\n${stderr}`));
    }, options.timeoutMs ?? 15_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export const runNode = (args: string[], options: RunOptions = {}) =>
  runProcess(process.execPath, args, options);

/** The `troupe` CLI through its bin launcher, as `npx troupe` runs it. */
export const runTroupe = (args: string[], env?: Record<string, string | undefined>) =>
  runNode([join(REPO_ROOT, 'bin', 'troupe.mjs'), ...args], { env });

/** A TypeScript script through tsx, as `npx tsx <file>` runs it. */
export const runTsx = (file: string, env?: Record<string, string | undefined>) =>
  runNode(['--import', 'tsx', join(REPO_ROOT, file)], { env });
