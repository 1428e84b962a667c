// troupe backup <file>: asks the running server (--url, --token) for a consistent copy of its SQLite
// database, made there with SQLite's online backup API (server/backup-route.ts), and writes it to
// <file>, creating its directories. The bytes land in <file>.partial first; only a copy that is
// complete (the announced length) and opens as a sound SQLite database is renamed to <file>.
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { BACKUP_PATH } from '../server/backup-route.ts';
import { booleanOptions, type Command, required } from './command.ts';
import { CliFailure, EXIT, UsageError } from './exit-codes.ts';
import { createProgress } from './progress.ts';
import { openPartialFile, receiveBackup, verifySqliteFile } from './receive-backup.ts';

export const backupCommand: Command = {
  words: ['backup'],
  args: '<file>',
  summary: 'Consistent online copy of the running server’s SQLite database',
  options: booleanOptions('force'),
  help: [
    '<file>         where to write the copy; missing directories are created',
    '--force        overwrite <file> if it exists (otherwise exit 3)',
    'The server at --url makes the copy while it keeps running (SQLite online backup) and',
    'streams it here; --token / TROUPE_TOKEN when the server has one. Progress on stderr.',
  ],
  async run(ctx, positionals, values) {
    const destination = resolve(required(positionals, 0, 'file'));
    if (existsSync(destination)) {
      if (statSync(destination).isDirectory()) throw new UsageError(`${destination} is a directory`);
      if (!values.force) {
        throw new CliFailure(EXIT.conflict, 'CONFLICT', `${destination} exists (use --force to overwrite)`);
      }
    }
    const endpoint = backupUrl(ctx.url);
    makeDirectory(dirname(destination));
    const partial = `${destination}.partial`;
    // Opened before asking: an unwritable destination fails at once, without work on the server.
    const out = openPartialFile(partial);
    const progress = createProgress(ctx.io.stderr);
    const started = Date.now();
    try {
      progress.finish(`backup: asking ${ctx.url} for a consistent copy…`);
      const { bytes, pages } = await receiveBackup(endpoint, ctx.token, out, (received, total) =>
        progress.update(`backup: ${mib(received)}${total ? ` / ${mib(total)}` : ''} received`),
      );
      const tables = verifySqliteFile(partial);
      renameSync(partial, destination);
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      progress.finish(
        `backup: ${mib(bytes)} (${pages ?? '?'} pages, ${tables} tables) written to ${destination} in ${seconds} s`,
      );
      return {
        data: { destination, bytes, pages, tables, server: ctx.url },
        text: () => destination,
      };
    } catch (error) {
      rmSync(partial, { force: true });
      throw error;
    }
  },
};

function backupUrl(base: string): string {
  try {
    return new URL(`${base.replace(/\/+$/, '')}${BACKUP_PATH}`).href;
  } catch {
    throw new UsageError(`--url is not a URL: ${base}`);
  }
}

function makeDirectory(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new CliFailure(EXIT.usage, 'NOT_WRITABLE', `cannot create the directory ${dir} (${code})`);
  }
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
