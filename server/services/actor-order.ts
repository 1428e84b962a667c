// The orders actors.list pages in, once for each path: a comparator for resident actors (sorted in
// memory) and the same order as a Prisma orderBy for stored rows. Ties are broken by (type, key), so
// every order is total and an offset names the same actors on every read of an unchanged table.
import type { TActorSort } from '../api/schemas.ts';
import type { Prisma } from '../storage/generated/client.ts';

export type TSortOrder = 'asc' | 'desc';

interface TSortable {
  type: string;
  key: string;
  version: number;
  activations: number;
  lastActiveAt: number | null;
}

/**
 * Code point order, as SQLite compares TEXT (UTF-8 bytes, BINARY collation). JS `<` compares UTF-16
 * units, which puts U+E000..U+FFFF after astral characters: each unit is shifted so surrogates
 * (U+D800..U+DFFF, the astral ones) sort above U+FFFF, without decoding anything.
 */
export function byCodePoint(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

const codePointRank = (unit: number) =>
  unit < 0xd800 ? unit : unit >= 0xe000 ? unit - 0x800 : unit + 0x2000;

const byText = byCodePoint;
const byName = (a: TSortable, b: TSortable) => byText(a.type, b.type) || byText(a.key, b.key);

/** Never-active actors (null) sort last in both directions, as SQLite does for DESC; see orderBy. */
function byNullableNumber(a: number | null, b: number | null, sign: number): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return (a - b) * sign;
}

export function compareActors(sort: TActorSort, order: TSortOrder) {
  const sign = order === 'asc' ? 1 : -1;
  return (a: TSortable, b: TSortable): number => {
    switch (sort) {
      case 'name':
        return byName(a, b) * sign;
      case 'lastActive':
        return byNullableNumber(a.lastActiveAt, b.lastActiveAt, sign) || byName(a, b);
      default:
        return (a[sort] - b[sort]) * sign || byName(a, b);
    }
  };
}

export function actorOrderBy(
  sort: TActorSort,
  order: TSortOrder,
): Prisma.ActorStateOrderByWithRelationInput[] {
  const ties: Prisma.ActorStateOrderByWithRelationInput[] = [{ type: 'asc' }, { key: 'asc' }];
  switch (sort) {
    case 'name':
      return [{ type: order }, { key: order }];
    case 'lastActive':
      return [{ lastActiveAt: { sort: order, nulls: 'last' } }, ...ties];
    case 'version':
      return [{ version: order }, ...ties];
    case 'activations':
      return [{ activations: order }, ...ties];
  }
}

const SEP = '\u0000';

/** The opaque cursor after `(type, key)` in name order. */
export const encodeCursor = (type: string, key: string) =>
  Buffer.from(`${type}${SEP}${key}`).toString('base64url');

export function decodeCursor(cursor: string): [string, string] | null {
  const [type, key] = Buffer.from(cursor, 'base64url').toString().split(SEP);
  return type !== undefined && key !== undefined ? [type, key] : null;
}
