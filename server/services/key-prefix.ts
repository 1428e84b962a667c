// A literal key prefix as a range: SQLite compares TEXT byte-wise in UTF-8 (BINARY collation), which
// is code point order, so the keys that start with `p` are exactly those in [p, upperBound(p)).
// Unlike LIKE, this has no wildcards (`%`, `_`) and no ASCII case folding, and it uses the key index.

/**
 * The least string, in code point order, that is greater than every string starting with `prefix`:
 * the prefix with its last code point incremented (dropping trailing U+10FFFF, skipping surrogates).
 * Null when no such string exists (empty prefix, or only U+10FFFF): then there is no upper bound.
 */
export function prefixUpperBound(prefix: string): string | null {
  const points = Array.from(prefix, (char) => char.codePointAt(0) ?? 0);
  while (points.length > 0) {
    const last = points.pop() ?? 0;
    if (last < 0x10ffff) return String.fromCodePoint(...points, last === 0xd7ff ? 0xe000 : last + 1);
  }
  return null;
}
