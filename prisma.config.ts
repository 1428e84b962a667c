// Prisma CLI configuration. The CLI is used offline only for `generate`
// (scripts/prisma-generate.mjs); migrations are produced and applied by our own scripts.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'file:./data/troupe.db' },
});
