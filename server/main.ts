// The Troupe process: one HTTP server hosting the Next.js dashboard, tRPC at /api/trpc,
// socket.io at /socket.io and the actor runtime. SIGTERM/SIGINT drain and exit 0.
import next from 'next';
import { seedDemo } from './demo.ts';
import { readEnv } from './env.ts';
import { createTroupeServer } from './http-server.ts';
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

  const troupe = await startTroupe({ databaseUrl: env.DATABASE_URL });
  globalThis.__troupe = troupe;
  if (troupe.migrationsApplied.length > 0)
    console.log(`applied migrations: ${troupe.migrationsApplied.join(', ')}`);
  if (env.TROUPE_DEMO) await seedDemo(troupe);

  const nextApp = next({ dev, hostname: env.HOST, port: env.PORT });
  await nextApp.prepare();
  const server = createTroupeServer(troupe, {
    heartbeatMs: env.TROUPE_HEARTBEAT_MS,
    next: nextApp.getRequestHandler(),
  });
  const port = await server.listen(env.PORT, env.HOST);
  console.log(`Troupe ready on http://${env.HOST}:${port} (database ${env.DATABASE_URL})`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: shutting down`);
    const force = setTimeout(() => {
      console.error('shutdown deadline passed; exiting');
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS);
    force.unref();
    await server.stopAccepting(); // in-flight requests finish while the runtime drains
    await troupe.close();
    server.closeConnections();
    await nextApp.close?.();
    console.log('shutdown complete');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
