// prefixUpperBound against its definition: for any strings s and p, s starts with p exactly when
// p <= s < prefixUpperBound(p) in code point order (how SQLite's BINARY collation orders UTF-8).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prefixUpperBound } from './key-prefix.ts';

/** Code point order: compares like memcmp over UTF-8, unlike JS `<` (UTF-16 code units). */
function compareCodePoints(a: string, b: string): number {
  const x = Array.from(a, (c) => c.codePointAt(0) ?? 0);
  const y = Array.from(b, (c) => c.codePointAt(0) ?? 0);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] !== y[i]) return (x[i] ?? 0) - (y[i] ?? 0);
  }
  return x.length - y.length;
}

const EDGES = ['\u{10FFFF}', '\uD7FF', '\uE000', '\uFFFF', '\u{10000}', 'a', 'A', '%', '_', '\u0000'];
const textArb = fc.oneof(
  fc.string({ unit: fc.constantFrom(...EDGES), maxLength: 4 }),
  fc.string({ unit: 'grapheme', maxLength: 4 }),
);

describe('prefixUpperBound', () => {
  it('bounds exactly the strings that start with the prefix', () => {
    fc.assert(
      fc.property(textArb, textArb, textArb, (p, rest, other) => {
        for (const s of [p + rest, other, rest]) {
          const bound = prefixUpperBound(p);
          const inRange = compareCodePoints(s, p) >= 0 && (bound === null || compareCodePoints(s, bound) < 0);
          expect(inRange).toBe(s.startsWith(p));
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('has no bound for an empty prefix or one of only U+10FFFF', () => {
    expect(prefixUpperBound('')).toBeNull();
    expect(prefixUpperBound('\u{10FFFF}\u{10FFFF}')).toBeNull();
    expect(prefixUpperBound('a\u{10FFFF}')).toBe('b');
    expect(prefixUpperBound('\uD7FF')).toBe('\uE000');
  });
});
