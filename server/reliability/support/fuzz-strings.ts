// The strings an attacker puts where a client name goes: names that collide with what every plain
// object inherits (or what promises and JSON look up), in case and whitespace variants, and unicode
// that breaks naive code (lone surrogates, bidi overrides, zero-width, NUL, very long strings).
import fc from 'fast-check';

/** Names a plain object, a thenable or JSON.stringify resolves through the prototype chain. */
export const DANGEROUS_NAMES = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
  '__defineGetter__',
  '__defineSetter__',
  '__lookupGetter__',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toLocaleString',
  'then',
  'toJSON',
  'length',
] as const;

/** Percent-escapes decodeURIComponent throws on (cookies and URLs are decoded). */
export const MALFORMED_ESCAPES = ['%', '%E0%A4%A', '%ZZ', '%C0%80', '%uD800', '%%41'] as const;

/** Spellings a normalizing layer (trim, lower-case) could turn back into the dangerous name. */
const VARIANTS: ((name: string) => string)[] = [
  (n) => n.toUpperCase(),
  (n) => n[0]!.toUpperCase() + n.slice(1),
  (n) => ` ${n}`,
  (n) => `${n} `,
  (n) => `\t${n}\n`,
  (n) => `\u00a0${n}`,
  (n) => `${n}\u200b`,
  (n) => `${n}\u0000`,
];

/** A dangerous name, as is two times in three (shrinks to `__proto__`), else a variant of one. */
export const dangerousName: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...DANGEROUS_NAMES), weight: 2 },
  {
    arbitrary: fc
      .tuple(fc.constantFrom(...DANGEROUS_NAMES), fc.nat(VARIANTS.length - 1))
      .map(([name, variant]) => VARIANTS[variant]!(name)),
    weight: 1,
  },
);

/** Code units and sequences that break naive handling of text. */
const ODD_UNITS = [
  '\ud800', // lone high surrogate
  '\udfff', // lone low surrogate
  '\udc00\ud800', // reversed pair
  '\u202e', // right-to-left override
  '\u200f', // right-to-left mark
  '\u2067', // right-to-left isolate
  '\u200b', // zero-width space
  '\u200d', // zero-width joiner
  '\ufeff', // byte order mark
  '\u0000', // NUL
  '\u001b[31m', // terminal escape
  '\r\n',
  '\u0301', // combining accent with nothing to combine with
  '\uffff', // noncharacter
  '\u{1f600}', // astral (a surrogate pair)
  ...MALFORMED_ESCAPES,
  "'; DROP TABLE actor_state; --",
  '_',
  '\\',
  '"',
  '/',
  '../',
  '*',
];

const oddUnit = fc.constantFrom(...ODD_UNITS);

/** Short strings mixing odd units with ordinary text. */
const oddShort = fc
  .array(fc.oneof(oddUnit, fc.string({ maxLength: 3 }), fc.string({ unit: 'binary', maxLength: 3 })), {
    minLength: 1,
    maxLength: 6,
  })
  .map((parts) => parts.join(''));

/**
 * Strings of 60 to `maxLength` code units: around the limits the schemas set (64, 128, 256...)
 * and far past them.
 */
export function longString(maxLength: number): fc.Arbitrary<string> {
  return fc
    .tuple(fc.integer({ min: 60, max: maxLength }), fc.oneof(fc.constant('a'), oddUnit))
    .map(([length, unit]) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length));
}

/** Any string a hostile client may send in a name position. */
export function hostileString(maxLength: number): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: dangerousName, weight: 6 },
    { arbitrary: oddShort, weight: 3 },
    { arbitrary: longString(maxLength), weight: 1 },
  );
}
