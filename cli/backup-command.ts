// troupe backup <file>: a consistent copy of the SQLite database while the server keeps running.
// SQLite's online backup API (better-sqlite3 `db.backup`) reads a snapshot that includes the WAL,
// unlike copying troupe.db alone, which can miss commits still in troupe.db-wal.
// @see https://github.com/WiseLibs/better-sqlite3/blob/master/docs/api.md#backupdestination-options---promise
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import { resolveDatabasePath } from '../server/storage/database.ts';
import { booleanOptions, type Command, optionalString, required, stringOptions } from './command.ts';
import { CliFailure, EXIT, UsageError } from './exit-codes.ts';
import { createProgress } from './progress.ts';

export const backupCommand: Command = {
  words: ['backup'],
  args: '<file>',
  summary: 'Online copy of the SQLite database (server may run)',
  options: { ...stringOptions('database'), ...booleanOptions('force') },
  help: [
    '--database URL   file: URL of the database (default $DATABASE_URL or file:./data/troupe.db)',
    '--force          overwrite <file> if it exists (otherwise exit 3)',
  ],
  async run(ctx, positionals, values) {
    const url = optionalString(values, 'database') ?? ctx.env.DATABASE_URL ?? 'file:./data/troupe.db';
    let source: string;
    try {
      source = resolveDatabasePath(url);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    const destination = resolve(required(positionals, 0, 'file'));
    if (!existsSync(source)) throw new CliFailure(EXIT.notFound, 'NOT_FOUND', `no database at ${source}`);
    if (existsSync(destination) && !values.force) {
      throw new CliFailure(EXIT.conflict, 'CONFLICT', `${destination} exists (use --force to overwrite)`);
    }
    const db = new Database(source, { fileMustExist: true });
    const progress = createProgress(ctx.io.stderr);
    try {
      const started = Date.now();
      const { totalPages } = await db.backup(destination, {
        progress: ({ totalPages: total, remainingPages }) => {
          progress.update(`backup: ${total - remainingPages}/${total} pages`);
          return 1000; // pages per step; the server writes between steps
        },
      });
      const seconds = (Date.now() - started) / 1000;
      progress.finish(`backup: ${totalPages} pages copied to ${destination} in ${seconds.toFixed(1)} s`);
      return { data: { source, destination, pages: totalPages }, text: () => destination };
    } finally {
      db.close();
    }
  },
};
