// troupe start --cluster --nodes N: N node processes of one cluster on this machine (one per core
// is the point: each node runs its actors on its own event loop). Node i listens on PORT + i and is
// named node-<i>; a node that dies unexpectedly is restarted after a pause, as a process manager
// would; SIGTERM/SIGINT stop every node (each drains) and exit once all have.
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { CliFailure, EXIT, UsageError } from './exit-codes.ts';

const RESTART_PAUSE_MS = 1_000;

export interface ClusterSupervisorOptions {
  nodes: number;
  basePort: number;
  env: Record<string, string | undefined>;
  packageRoot: string;
  log: (line: string) => void;
}

export function checkClusterEnv(env: Record<string, string | undefined>): void {
  if (!/^postgres(ql)?:\/\//.test(env.DATABASE_URL ?? ''))
    throw new UsageError('--cluster needs DATABASE_URL=postgres://... (or --database postgres://...)');
  env.TROUPE_NATS_URL ??= 'nats://127.0.0.1:4222';
}

/** Runs the nodes until a signal stops them; resolves with the exit code for the supervisor. */
export function superviseCluster(options: ClusterSupervisorOptions): Promise<number> {
  const { nodes, basePort, env, packageRoot, log } = options;
  if (!Number.isInteger(nodes) || nodes < 1 || nodes > 64) throw new UsageError('--nodes must be 1 to 64');
  if (basePort + nodes - 1 > 65535) throw new CliFailure(EXIT.usage, 'PORT', 'ports past 65535');
  const children = new Map<number, ChildProcess>();
  let stopping = false;

  const startNode = (i: number) => {
    const id = `node-${i}`;
    const child = spawn(process.execPath, ['--import', 'tsx', join(packageRoot, 'server', 'main.ts')], {
      cwd: packageRoot,
      env: { ...process.env, ...env, PORT: String(basePort + i), TROUPE_NODE_ID: id },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    children.set(i, child);
    log(`${id}: pid ${child.pid}, http://${env.HOST ?? '127.0.0.1'}:${basePort + i}`);
    child.once('exit', (code, signal) => {
      children.delete(i);
      if (stopping) return;
      log(`${id} exited (${code ?? signal}); restarting in ${RESTART_PAUSE_MS} ms`);
      setTimeout(() => !stopping && startNode(i), RESTART_PAUSE_MS);
    });
  };

  for (let i = 0; i < nodes; i++) startNode(i);
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) return;
      stopping = true;
      log(`${signal}: stopping ${children.size} node(s)`);
      if (children.size === 0) resolve(0);
      for (const child of children.values()) {
        child.once('exit', () => children.size === 0 && resolve(0));
        child.kill(signal);
      }
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
}
