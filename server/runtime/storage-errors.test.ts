// Storage errors carry the driver's text (SQL, file paths): they go to the injected logger in full
// and reach callers only as a typed, generic UNAVAILABLE / ACTIVATION_FAILED message.
import { describe, expect, it } from 'vitest';
import { counter } from '../../actors/counter.ts';
import type { RuntimeLogger } from './logger.ts';
import { createTestRuntime, expectActorError, InstrumentedDriver } from './testing/test-kit.ts';

const SECRET = 'SQLITE_IOERR: disk I/O error at /var/lib/secret/troupe.db (INSERT INTO actor_state)';

class FailingDriver extends InstrumentedDriver {
  failLoads = false;
  failLookups = false;
  override async commit(...args: Parameters<InstrumentedDriver['commit']>) {
    if (this.failCommits) throw new Error(SECRET); // the memory driver's own flag, with driver-like text
    return super.commit(...args);
  }
  override async load(type: string, key: string) {
    if (this.failLoads) throw new Error(SECRET);
    return super.load(type, key);
  }
  override async findIdempotency(type: string, key: string, idemKey: string) {
    if (this.failLookups) throw new Error(SECRET);
    return super.findIdempotency(type, key, idemKey);
  }
}

function recordingLogger(): RuntimeLogger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, error: (context, message) => lines.push(`${message} ${String(context.err)}`) };
}

describe('storage errors', () => {
  it('reach callers without the driver text, and the log with it', async () => {
    const driver = new FailingDriver();
    const logger = recordingLogger();
    const t = await createTestRuntime({ types: [counter], driver, logger });
    const ref = t.runtime.get('counter', 'c');

    driver.failLoads = true;
    const load = await expectActorError(ref.ask('get'), 'ACTIVATION_FAILED');
    driver.failLoads = false;
    await t.clock.advance(2_000); // past the activation backoff

    driver.failCommits = true;
    const commit = await expectActorError(ref.ask('increment', { by: 1 }), 'UNAVAILABLE');
    driver.failCommits = false;

    driver.failLookups = true;
    const lookup = await expectActorError(
      ref.ask('increment', { by: 1 }, { idempotencyKey: 'k' }),
      'UNAVAILABLE',
    );

    for (const error of [load, commit, lookup]) {
      expect(error.message).not.toMatch(/SQLITE|secret|INSERT/);
    }
    expect(logger.lines.filter((l) => l.includes(SECRET)).length).toBeGreaterThanOrEqual(3);
  });
});
