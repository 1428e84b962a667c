// Prisma client for the control plane, over a driver adapter (no native query engine): better-sqlite3
// for a `file:` URL (embedded), pg for a `postgres://` URL (cluster mode).
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { resolveDatabasePath } from './database.ts';
import { PrismaClient } from './generated/client.ts';
import { PrismaClient as PostgresPrismaClient } from './generated-pg/client.ts';
import { isPostgresUrl } from './postgres/postgres-pool.ts';

export function createPrismaClient(url: string): PrismaClient {
  if (isPostgresUrl(url)) {
    // Generated from prisma/postgres/schema.prisma, whose models are the SQLite schema's field for
    // field (schema-files.test.ts) plus the cluster's, so every model delegate has the same types.
    // The one difference the checker sees is $transaction's isolationLevel: SQLite's client allows
    // only 'Serializable', which PostgreSQL accepts too. So callers keep one PrismaClient type.
    const client = new PostgresPrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
    return client as unknown as PrismaClient;
  }
  // Hand the adapter the same absolute path openDatabase() uses, so both connections always share one
  // file even if the working directory or URL spelling differs. journal_mode=WAL is stored in the file,
  // so this connection inherits it; better-sqlite3's default 5 s timeout matches our busy_timeout.
  return new PrismaClient({
    adapter: new PrismaBetterSqlite3({ url: resolveDatabasePath(url), timeout: 5000 }),
  });
}

// Next bundles route code separately from the custom server, so a module-level singleton would give
// each bundle its own client (and connection); a globalThis key is shared by the whole process.
const GLOBAL_KEY = Symbol.for('troupe.prisma-clients');
type ClientsByUrl = Map<string, PrismaClient>;
const globalStore = globalThis as typeof globalThis & { [GLOBAL_KEY]?: ClientsByUrl };

/** One shared client per database URL for the whole process. */
export function getPrisma(url: string): PrismaClient {
  globalStore[GLOBAL_KEY] ??= new Map();
  const clients = globalStore[GLOBAL_KEY];
  let client = clients.get(url);
  if (!client) {
    client = createPrismaClient(url);
    clients.set(url, client);
  }
  return client;
}
