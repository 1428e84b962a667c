// Crash (kill -9) in the middle of a rescale: a real Troupe process is SIGKILLed a seeded few
// milliseconds into `pipelines.scale(reduce, 16)` with 400 half-filled windows and restarted on the
// same SQLite file. The rescale must have happened wholly or not at all (a durable intent is
// re-applied at start-up), no window may be lost or closed twice, and the batch that filled the
// windows, retried with its batchId, must be answered as duplicates. Replay with CHAOS_SEED=<seed>.
import { describe, expect, it } from 'vitest';
import { describeRescaleRound, runRescaleCrashRound } from './support/rescale-crash-round.ts';
import { seedFrom } from './support/rng.ts';

const ROUNDS = 4;
const baseSeed = seedFrom(process.env.CHAOS_SEED);

describe('kill -9 during pipelines.scale, restart on the same database', () => {
  for (let round = 1; round <= ROUNDS; round++) {
    it(`round ${round}: every window closes exactly once, the rescale is all or nothing`, async () => {
      const f = await runRescaleCrashRound({ seed: baseSeed + round - 1 });
      console.log(`rescale crash round ${round}/${ROUNDS}: ${describeRescaleRound(f)}`);
      expect(f.killedBy).toBe('SIGKILL');
      expect([1, 16]).toContain(f.partitionsAfter);
      expect(f.retryDuplicates).toBe(f.sensors * 2);
      expect(f.details).toEqual([]);
      expect(f.expected).toBe(f.sensors);
      expect(f.outputs).toBe(f.sensors);
      expect(f.lost).toBe(0);
      expect(f.duplicated).toBe(0);
      expect(f.stopExitCode).toBe(0);
    }, 90_000);
  }
});
