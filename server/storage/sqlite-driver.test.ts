import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  actor,
  alarmWrite,
  batch,
  describeStorageDriver,
  journalWrite,
} from '../runtime/testing/storage-conformance.ts';
import { openDatabase } from './database.ts';
import { applyMigrations } from './migrate.ts';
import { SqliteDriver } from './sqlite-driver.ts';

const MIGRATIONS = fileURLToPath(new URL('../../prisma/migrations', import.meta.url));

// A real file (not :memory:) so WAL mode and the migrations run exactly as in production.
function openDriver(file: string): SqliteDriver {
  const db = openDatabase(`file:${file}`);
  applyMigrations(db, MIGRATIONS);
  return new SqliteDriver(db);
}

describeStorageDriver(
  'SqliteDriver',
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'troupe-sqlite-driver-'));
    const driver = openDriver(join(dir, 'troupe.db'));
    return {
      driver,
      cleanup: async () => {
        await driver.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
  { rejectsNullColumns: true },
);

describe('SqliteDriver on disk', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'troupe-sqlite-reopen-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps committed data across closing and reopening the file', async () => {
    const file = join(dir, 'troupe.db');
    const first = openDriver(file);
    await first.create(actor());
    await first.commit(batch({ alarmsAdded: [alarmWrite()], journal: [journalWrite()] }));
    const alarms = await first.listAlarms('counter', 'a');
    await first.close();

    const second = openDriver(file);
    try {
      expect(await second.load('counter', 'a')).toEqual(actor());
      expect(await second.listAlarms('counter', 'a')).toEqual(alarms);
      expect(await second.readJournal('counter', 'a', 10)).toHaveLength(1);
    } finally {
      await second.close();
    }
  });
});
