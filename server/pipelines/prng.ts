// mulberry32, Tommy Ettinger's small 32-bit PRNG (public domain): one uint32 of state, period 2^32,
// plenty for simulated readings, and the same numbers on every engine because it uses only 32-bit
// integer operations (Math.imul, shifts). Seedable, unlike Math.random. Not for anything secret.

/** A function returning floats in [0, 1), fully determined by `seed` (taken as a uint32). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A second, independent stream from the same seed. mulberry32's state advances by a fixed odd
 * constant, so seed + c is the same sequence shifted by about c / 0x6d2b79f5 (mod 2^32) draws:
 * with this c the two streams overlap only after billions of draws.
 */
export const substreamSeed = (seed: number, index: number): number =>
  (seed + Math.imul(index, 0x9e3779b9)) >>> 0;
