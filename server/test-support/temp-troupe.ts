// Test fixture: a real Troupe on a real temporary SQLite file, optionally behind the real HTTP server.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { createTroupeClient } from '../../client/index.ts';
import { createTroupeServer, type TroupeServer, type TroupeServerOptions } from '../http-server.ts';
import { startTroupe, type Troupe, type TroupeOptions } from '../troupe.ts';

export interface TempTroupe {
  dir: string;
  databaseUrl: string;
  troupe: Troupe;
  /** Closes the Troupe and opens a new one on the same file: a process restart. */
  restart(): Promise<Troupe>;
  close(): Promise<void>;
}

export async function startTempTroupe(options: Partial<TroupeOptions> = {}): Promise<TempTroupe> {
  const dir = mkdtempSync(join(tmpdir(), 'troupe-test-'));
  const databaseUrl = `file:${join(dir, 'troupe.db')}`;
  const temp: TempTroupe = {
    dir,
    databaseUrl,
    troupe: await startTroupe({ ...options, databaseUrl }),
    async restart() {
      await temp.troupe.close();
      temp.troupe = await startTroupe({ ...options, databaseUrl });
      return temp.troupe;
    },
    async close() {
      await temp.troupe.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return temp;
}

/** The real HTTP server (tRPC + socket.io, no Next) on an ephemeral loopback port. */
export async function serveTroupe(
  troupe: Troupe,
  options: Pick<TroupeServerOptions, 'token' | 'metrics' | 'logger' | 'wireLimits'> = {},
) {
  const server: TroupeServer = createTroupeServer(troupe, { heartbeatMs: 200, ...options });
  const port = await server.listen(0, '127.0.0.1');
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    async stop() {
      await server.stopAccepting();
      server.closeConnections();
    },
  };
}

/**
 * A Troupe served over HTTP for the tests of one file: started before them, stopped after them.
 * Read `fixture.temp` and `fixture.url` inside tests (they exist once beforeAll ran).
 */
export function serveTroupeForThisFile(options: Partial<TroupeOptions> = {}) {
  const fixture = {} as { temp: TempTroupe; served: Awaited<ReturnType<typeof serveTroupe>>; url: string };
  beforeAll(async () => {
    fixture.temp = await startTempTroupe(options);
    fixture.served = await serveTroupe(fixture.temp.troupe);
    fixture.url = fixture.served.url;
  });
  afterAll(async () => {
    await fixture.served.stop();
    await fixture.temp.close();
  });
  return fixture;
}

export { createTroupeClient };
