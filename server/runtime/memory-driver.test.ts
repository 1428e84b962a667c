import { MemoryDriver } from './memory-driver.ts';
import { describeStorageDriver } from './testing/storage-conformance.ts';

// No column constraints in memory, so the half-failed-batch cases are skipped (see the suite).
describeStorageDriver('MemoryDriver', async () => {
  const driver = new MemoryDriver();
  return { driver, cleanup: () => driver.close() };
});
