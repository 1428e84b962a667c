// Test support for the example types of actors/: a real Troupe on a temporary SQLite file that loads
// the repository's actors/ folder the way a server does, optionally on a ManualClock, and a poll
// helper for effects that land a moment later.
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { Clock } from '../runtime/clock.ts';
import { REPO_ROOT } from '../test-support/run-child.ts';
import { serveTroupe, startTempTroupe, type TempTroupe } from '../test-support/temp-troupe.ts';
import { startTroupe } from '../troupe.ts';

/** The folder the example types ship in (explicit, so neither cwd nor TROUPE_ACTORS_DIR matter). */
export const EXAMPLES_DIR = join(REPO_ROOT, 'actors');

export function startExampleTroupe(clock?: Clock): Promise<TempTroupe> {
  return startTempTroupe({ clock, actorsDir: EXAMPLES_DIR });
}

/**
 * Stops the Troupe, runs `whileDown` (e.g. moves a ManualClock on), then starts a new one on the
 * same file: a restart with time passing in between.
 */
export async function restartExampleTroupe(
  temp: TempTroupe,
  clock: Clock | undefined,
  whileDown: () => Promise<void> = async () => {},
): Promise<void> {
  await temp.troupe.close();
  await whileDown();
  temp.troupe = await startTroupe({ databaseUrl: temp.databaseUrl, clock, actorsDir: EXAMPLES_DIR });
}

/** Polls `check` (real time) until it returns a value other than undefined/false, or fails with `what`. */
export async function until<T>(
  what: string,
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * The example types behind the real HTTP server for the tests of one file. Read `fixture.temp` and
 * `fixture.url` inside tests; `restart()` is a process restart on the same database.
 */
export function serveExamplesForThisFile() {
  const fixture = {} as {
    temp: TempTroupe;
    served: Awaited<ReturnType<typeof serveTroupe>>;
    readonly url: string;
    restart(): Promise<void>;
  };
  Object.defineProperty(fixture, 'url', { get: () => fixture.served.url });
  fixture.restart = async () => {
    await fixture.served.stop();
    await fixture.temp.restart();
    fixture.served = await serveTroupe(fixture.temp.troupe);
  };
  beforeAll(async () => {
    fixture.temp = await startExampleTroupe();
    fixture.served = await serveTroupe(fixture.temp.troupe);
  });
  afterAll(async () => {
    await fixture.served.stop();
    await fixture.temp.close();
  });
  return fixture;
}
