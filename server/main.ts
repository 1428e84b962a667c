// The Troupe process: one HTTP server hosting the Next.js dashboard, tRPC at /api/trpc,
// socket.io at /socket.io and the actor runtime. SIGTERM/SIGINT drain and exit 0.
import { join } from 'node:path';
import next from 'next';
import { watchActorsFolder } from './actors-folder/watch-actors-folder.ts';
import { seedDemo } from './demo.ts';
import { readEnv } from './env.ts';
import { createTroupeServer } from './http-server.ts';
import { createLogger, wantsPrettyLogs } from './observability/logger.ts';
import { createTroupeMetrics } from './observability/metrics.ts';
import { startTroupe, type Troupe } from './troupe.ts';

const SHUTDOWN_DEADLINE_MS = 10_000;

declare global {
  // The process's one Troupe, shared with any Next-bundled server code (which gets its own module graph).
  var __troupe: Troupe | undefined;
}

async function main() {
  const env = readEnv();
  const dev = process.argv.includes('--dev');
  process.env.NEXT_TELEMETRY_DISABLED = '1';
  const logger = createLogger({
    level: env.LOG_LEVEL,
    pretty: wantsPrettyLogs({ dev, nodeEnv: env.NODE_ENV, isTTY: process.stdout.isTTY === true }),
  });
  const metrics = createTroupeMetrics();

  const troupe = await startTroupe({
    databaseUrl: env.DATABASE_URL,
    cluster: env.TROUPE_NATS_URL
      ? { natsUrl: env.TROUPE_NATS_URL, nodeId: env.TROUPE_NODE_ID, leaseMs: env.TROUPE_CLUSTER_LEASE_MS }
      : undefined,
    actorsDir: env.TROUPE_ACTORS_DIR,
    runtime: { idempotencyTtlMs: env.TROUPE_IDEMPOTENCY_TTL_MS, facets: [metrics.turnFacet], logger },
  });
  globalThis.__troupe = troupe;
  if (troupe.migrationsApplied.length > 0)
    logger.info({ migrations: troupe.migrationsApplied }, 'applied migrations');
  if (env.TROUPE_DEMO) await seedDemo(troupe);
  // Dev: edits to actors/ reload in place; the typed client's map follows the project's own folder.
  const actorsWatch = dev
    ? watchActorsFolder({
        dir: troupe.actorsDir,
        runtime: troupe.runtime,
        folderFiles: troupe.folderFiles,
        logger,
        writeTypes: troupe.actorsDir === join(process.cwd(), 'actors'),
      })
    : null;

  const nextApp = env.TROUPE_DASHBOARD ? next({ dev, hostname: env.HOST, port: env.PORT }) : null;
  await nextApp?.prepare();
  const server = createTroupeServer(troupe, {
    heartbeatMs: env.TROUPE_HEARTBEAT_MS,
    token: env.TROUPE_TOKEN,
    allowedHosts: env.TROUPE_ALLOWED_HOSTS,
    maxRoomsPerSocket: env.TROUPE_SOCKET_MAX_ROOMS,
    next: nextApp?.getRequestHandler(),
    dev,
    logger,
    metrics,
  });
  const port = await server.listen(env.PORT, env.HOST);
  logger.info({ database: env.DATABASE_URL }, `Troupe ready on http://${env.HOST}:${port}`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      logger.error({ deadlineMs: SHUTDOWN_DEADLINE_MS }, 'shutdown deadline passed; exiting');
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS);
    force.unref();
    actorsWatch?.close();
    await server.stopAccepting(); // in-flight requests finish while the runtime drains
    await troupe.close();
    await server.closeConnections();
    await nextApp?.close?.();
    logger.info('shutdown complete');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error) => {
  // Configuration may be what failed, so this logger does not depend on it.
  // The message says what failed (e.g. which actor module), not only that something did.
  createLogger({ level: 'info', pretty: process.stdout.isTTY === true }).fatal(
    { err: error },
    `Troupe failed to start: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
});
