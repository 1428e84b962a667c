// A typed control-plane client for any Node/TS program:
//   const troupe = createTroupeClient('http://127.0.0.1:3000');
//   await troupe.system.health.query();
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import superjson from 'superjson';
import type { AppRouter } from './root.ts';

export function createTroupeClient(baseUrl: string) {
  const url = `${baseUrl.replace(/\/$/, '')}/api/trpc`;
  return createTRPCClient<AppRouter>({
    links: [httpBatchLink({ url, transformer: superjson })],
  });
}

export type TroupeClient = ReturnType<typeof createTroupeClient>;
