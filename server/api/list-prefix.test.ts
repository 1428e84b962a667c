// Contract: actors.list({ keyPrefix }) is a literal, case-sensitive prefix, and resident and stored
// actors answer alike. Against a plain `startsWith` filter, over real HTTP: keys with LIKE and GLOB
// wildcards (`%`, `_`, `*`, `[`), case variants, unicode above U+FFFF and U+10FFFF; prefixes drawn
// from those keys, their case variants and bare wildcards; half the actors deactivated (stored only).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { servedTroupePerTest } from '../test-support/served-troupe.ts';

const served = servedTroupePerTest();

const KEYS = [
  'abc',
  'ABC',
  'aBc-1',
  'a%c',
  'a_c',
  'a%',
  '%',
  '_x',
  'a*c',
  'a[b]c',
  'a?c',
  'a\\c',
  'ä-1',
  'Ä-1',
  'a\u{1F600}',
  'a\uFFFF',
  'a\u{10FFFF}z',
  'a\u{10FFFF}',
  'b',
  'ab',
];
const PREFIXES = ['', '%', '_', '*', '[', 'a', 'A', 'a%', 'a_', 'a*', 'a[', 'A%', 'ä', 'Ä', 'a\u{10FFFF}'];
const prefixArb = fc.oneof(
  fc.constantFrom(...PREFIXES),
  fc
    .constantFrom(...KEYS)
    .chain((key) => fc.nat(key.length).map((n) => Array.from(key).slice(0, n).join(''))),
  fc.constantFrom(...KEYS).map((key) => key.toUpperCase()),
);

describe('actors.list keyPrefix', () => {
  it('equals a startsWith filter for resident, stored and all actors', async () => {
    const client = served.client;
    for (const key of KEYS) await client.actors.spawn.mutate({ type: 'counter', key });
    const stored = KEYS.filter((_, i) => i % 2 === 0);
    for (const key of stored) await client.actors.deactivate.mutate({ type: 'counter', key });

    const list = async (keyPrefix: string, status?: 'active' | 'inactive') =>
      (await client.actors.list.query({ type: 'counter', keyPrefix, status, limit: 500 })).items
        .map((item) => item.key)
        .sort();
    const expected = (keys: string[], prefix: string) => keys.filter((k) => k.startsWith(prefix)).sort();

    await fc.assert(
      fc.asyncProperty(prefixArb, async (prefix) => {
        const resident = KEYS.filter((key) => !stored.includes(key));
        expect(await list(prefix)).toEqual(expected(KEYS, prefix));
        expect(await list(prefix, 'inactive')).toEqual(expected(stored, prefix));
        expect(await list(prefix, 'active')).toEqual(expected(resident, prefix));
      }),
      { numRuns: 80 },
    );
  }, 60_000);
});
