// `npm run db:deploy`: applies pending prisma/migrations to DATABASE_URL with the plain runtime migrator,
// the offline stand-in for `prisma migrate deploy` (same files, same _prisma_migrations bookkeeping).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase, resolveDatabasePath } from '../server/storage/database.ts';
import { applyMigrations } from '../server/storage/migrate.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const url = process.env.DATABASE_URL ?? 'file:./data/troupe.db';

try {
  const db = openDatabase(url);
  try {
    const { applied } = applyMigrations(db, join(root, 'prisma', 'migrations'));
    const target = resolveDatabasePath(url);
    if (applied.length === 0) console.log(`${target}: already up to date, no migration applied.`);
    else console.log(`${target}: applied ${applied.length} migration(s):\n  ${applied.join('\n  ')}`);
  } finally {
    db.close();
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
