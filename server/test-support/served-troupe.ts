// Vitest fixture for control-plane tests: before each test a fresh Troupe on a temp SQLite file,
// behind the real HTTP server, with a typed client; after each, everything closed and deleted.
import { TRPCClientError } from '@trpc/client';
import { afterEach, beforeEach } from 'vitest';
import { createTroupeClient, serveTroupe, startTempTroupe, type TempTroupe } from './temp-troupe.ts';

export interface ServedTroupe {
  readonly temp: TempTroupe;
  readonly url: string;
  readonly client: ReturnType<typeof createTroupeClient>;
  /** Stops the server and the Troupe, reopens both on the same file: a process restart. */
  restart(): Promise<void>;
}

export function servedTroupePerTest(): ServedTroupe {
  let temp: TempTroupe;
  let http: Awaited<ReturnType<typeof serveTroupe>>;
  let client: ReturnType<typeof createTroupeClient>;
  const serve = async () => {
    http = await serveTroupe(temp.troupe);
    client = createTroupeClient(http.url);
  };
  beforeEach(async () => {
    temp = await startTempTroupe();
    await serve();
  });
  afterEach(async () => {
    await http.stop();
    await temp.close();
  });
  return {
    get temp() {
      return temp;
    },
    get url() {
      return http.url;
    },
    get client() {
      return client;
    },
    async restart() {
      await http.stop();
      await temp.restart();
      await serve();
    },
  };
}

/** The tRPC error code of a failed call (e.g. 'NOT_FOUND'), or undefined if it is not one. */
export function codeOf(error: unknown): string | undefined {
  return error instanceof TRPCClientError ? error.data?.code : undefined;
}
