// The Troupe process: one HTTP server hosting the Next.js dashboard, tRPC at /api/trpc,
// socket.io at /socket.io and the actor runtime. SIGTERM/SIGINT drain and exit 0.
import { createServer } from 'node:http';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import next from 'next';
import { createContextFactory } from './api/context.ts';
import { appRouter } from './api/root.ts';
import { readEnv } from './env.ts';
import { attachSocketServer } from './realtime/socket-server.ts';
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

  const nextApp = next({ dev, hostname: env.HOST, port: env.PORT });
  await nextApp.prepare();
  const handleNext = nextApp.getRequestHandler();
  const handleTrpc = createHTTPHandler({
    router: appRouter,
    basePath: '/api/trpc/',
    createContext: createContextFactory(troupe),
  });

  const server = createServer((req, res) => {
    if (req.url?.startsWith('/api/trpc/')) return handleTrpc(req, res);
    void handleNext(req, res);
  });
  const sockets = attachSocketServer(server, troupe, { heartbeatMs: env.TROUPE_HEARTBEAT_MS });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(env.PORT, env.HOST, resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : env.PORT;
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
    server.close(); // stop accepting; in-flight requests finish while the runtime drains
    server.closeIdleConnections();
    await sockets.close();
    await troupe.close();
    server.closeAllConnections();
    await nextApp.close?.();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
