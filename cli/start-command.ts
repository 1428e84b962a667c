// troupe start: the server, exactly as `npm start` runs it (build the dashboard if stale, then
// server/main.ts), from the package root so prisma/migrations and .next are found wherever the
// command is run. A relative DATABASE_URL still means relative to where you ran it.
import { spawnSync } from 'node:child_process';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkClusterEnv, superviseCluster } from './cluster-supervisor.ts';
import { booleanOptions, type Command, integerOption, stringOptions } from './command.ts';
import { CliFailure, EXIT } from './exit-codes.ts';

export const PACKAGE_ROOT = resolve(fileURLToPath(import.meta.url), '..', '..');

export const startCommand: Command = {
  words: ['start'],
  summary: 'Run the server, like npm start',
  options: {
    ...booleanOptions('dev', 'headless', 'cluster'),
    ...stringOptions('port', 'host', 'database', 'nodes'),
  },
  help: [
    '--dev            Next in dev mode, pretty logs (no build)',
    '--headless       no dashboard (TROUPE_DASHBOARD=0): control plane, sockets, /metrics',
    '--port N, --host H, --database URL   override PORT, HOST, DATABASE_URL',
    '--cluster --nodes N   N node processes of one cluster (DATABASE_URL=postgres://..., TROUPE_NATS_URL',
    '                      default nats://127.0.0.1:4222); node i listens on PORT + i (docs/cluster.md)',
  ],
  async run(_ctx, _positionals, values) {
    const env: Record<string, string | undefined> = process.env;
    if (typeof values.port === 'string') env.PORT = values.port;
    if (typeof values.host === 'string') env.HOST = values.host;
    if (typeof values.database === 'string') env.DATABASE_URL = values.database;
    if (values.headless) env.TROUPE_DASHBOARD = '0';
    if (env.DATABASE_URL) env.DATABASE_URL = absoluteFileUrl(env.DATABASE_URL, process.cwd());
    env.NODE_ENV ??= values.dev ? 'development' : 'production';
    const dashboard = !['0', 'false'].includes(env.TROUPE_DASHBOARD ?? '1');
    if (dashboard && !values.dev) {
      const build = spawnSync(process.execPath, [join(PACKAGE_ROOT, 'scripts', 'ensure-build.mjs')], {
        cwd: PACKAGE_ROOT,
        stdio: ['ignore', 'inherit', 'inherit'],
      });
      if (build.status !== 0) throw new CliFailure(EXIT.server, 'BUILD', 'the dashboard build failed');
    }
    if (values.cluster) {
      checkClusterEnv(env);
      const nodes = integerOption(values, 'nodes') ?? 2;
      const basePort = Number(env.PORT ?? 3000);
      const log = (line: string) => process.stderr.write(`troupe cluster: ${line}\n`);
      process.exit(await superviseCluster({ nodes, basePort, env, packageRoot: PACKAGE_ROOT, log }));
    }
    process.chdir(PACKAGE_ROOT);
    // main.ts reads --dev from process.argv, where `troupe start --dev` already put it.
    await import('../server/main.ts');
    // The server now owns the process: it exits on SIGTERM/SIGINT after draining.
    return new Promise<never>(() => {});
  },
};

/** `file:./x.db` relative to `base`; absolute paths, `:memory:` and query strings pass through. */
export function absoluteFileUrl(url: string, base: string): string {
  if (!url.startsWith('file:')) return url;
  const [path = '', query] = url.slice('file:'.length).split('?');
  if (path === ':memory:' || isAbsolute(path)) return url;
  return `file:${resolve(base, path)}${query === undefined ? '' : `?${query}`}`;
}
