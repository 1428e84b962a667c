// Runs `prisma generate` offline: the CLI checks its native schema engine on every command and
// would try to download it, so we point PRISMA_SCHEMA_ENGINE_BINARY at a stub that answers --version.
// Two clients: SQLite (prisma/schema.prisma, the embedded default) and PostgreSQL (cluster mode).
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
for (const schema of ['prisma/schema.prisma', 'prisma/postgres/schema.prisma']) {
  execFileSync(join(root, 'node_modules', '.bin', 'prisma'), ['generate', '--schema', schema], {
    cwd: root,
    stdio: 'inherit',
    env: {
      ...process.env,
      PRISMA_SCHEMA_ENGINE_BINARY: join(root, 'scripts', 'prisma-engine-stub.sh'),
      PRISMA_HIDE_UPDATE_MESSAGE: '1',
      CHECKPOINT_DISABLE: '1',
    },
  });
}
