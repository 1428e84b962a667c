import type { TActorStatus, TListActors } from '../api/schemas.ts';
import type { ResidentActor } from '../runtime/inspection.ts';
import type { Prisma } from '../storage/generated/client.ts';
import type { Troupe } from '../troupe.ts';
import { prefixUpperBound } from './key-prefix.ts';
import { UnreadableParts } from './readable-values.ts';

export interface TActorSummary {
  type: string;
  key: string;
  status: TActorStatus;
  version: number;
  labels: Record<string, string>;
  activations: number;
  lastActiveAt: number | null;
  /** Parts of the stored record that could not be returned, as `path: reason` (see readable-values.ts). */
  unreadable: string[];
}

const SEP = '\u0000';
const encodeCursor = (type: string, key: string) => Buffer.from(`${type}${SEP}${key}`).toString('base64url');
function decodeCursor(cursor: string): [string, string] | null {
  const [type, key] = Buffer.from(cursor, 'base64url').toString().split(SEP);
  return type !== undefined && key !== undefined ? [type, key] : null;
}

/**
 * Actors ordered by (type, key), resident and persisted alike. Resident statuses are listed from the
 * activation table; 'inactive' and unfiltered listings page through SQLite (Prisma) and overlay the
 * live status of the resident ones, so 100k+ actors page in constant memory. `keyPrefix` is literal and
 * case-sensitive on both paths (JS `startsWith`; in SQL a key range, never LIKE).
 */
export async function listActors({ runtime, prisma }: Troupe, input: TListActors) {
  const after = input.cursor ? decodeCursor(input.cursor) : null;
  const [labelName, labelValue] = input.label ? splitLabel(input.label) : [null, null];
  const hasLabel = (labels: Readonly<Record<string, string>>) =>
    !labelName || (Object.hasOwn(labels, labelName) && labels[labelName] === labelValue);
  const isAfterCursor = (a: ResidentActor) =>
    !after || a.type > after[0] || (a.type === after[0] && a.key > after[1]);

  if (input.status && input.status !== 'inactive') {
    const filter = { type: input.type, status: input.status, keyPrefix: input.keyPrefix };
    const resident = [...runtime.residents(filter)]
      .filter((a) => hasLabel(a.labels) && isAfterCursor(a))
      .sort(compare);
    const page = resident.slice(0, input.limit).map(fromResident);
    return withCursor(page, resident.length > input.limit);
  }

  await runtime.flush(); // actors activated this tick are then on disk too
  const where: Prisma.ActorStateWhereInput = {
    ...(input.type ? { type: input.type } : {}),
    ...(input.keyPrefix ? { key: keyRange(input.keyPrefix) } : {}),
    ...(labelName ? { labels: { contains: JSON.stringify({ [labelName]: labelValue }).slice(1, -1) } } : {}),
    ...(after ? { OR: [{ type: { gt: after[0] } }, { type: after[0], key: { gt: after[1] } }] } : {}),
  };
  const items: TActorSummary[] = [];
  let cursorWhere = where;
  // Rows of resident actors are skipped when filtering for 'inactive': read on until the page is full.
  for (;;) {
    const rows = await prisma.actorState.findMany({
      where: cursorWhere,
      orderBy: [{ type: 'asc' }, { key: 'asc' }],
      take: input.limit + 1,
    });
    for (const row of rows.slice(0, input.limit)) {
      const live = runtime.describe(row.type, row.key);
      const status: TActorStatus = live?.status ?? 'inactive';
      if (input.status === 'inactive' && status !== 'inactive') continue;
      const item = live ? fromResident(live) : fromRow(row);
      if (!hasLabel(item.labels)) continue;
      items.push(item);
      if (items.length === input.limit) break;
    }
    const more = rows.length > input.limit;
    if (items.length === input.limit || !more) return withCursor(items, items.length === input.limit);
    const last = rows[input.limit - 1]!;
    cursorWhere = {
      AND: [where, { OR: [{ type: { gt: last.type } }, { type: last.type, key: { gt: last.key } }] }],
    };
  }
}

/** Keys starting with `prefix`, as a range SQLite compares byte-wise (no LIKE: no wildcards, no case folding). */
function keyRange(prefix: string): Prisma.StringFilter {
  const below = prefixUpperBound(prefix);
  return below === null ? { gte: prefix } : { gte: prefix, lt: below };
}

function withCursor(items: TActorSummary[], more: boolean) {
  const last = items.at(-1);
  return { items, nextCursor: more && last ? encodeCursor(last.type, last.key) : null };
}

function splitLabel(label: string): [string, string] {
  const at = label.indexOf('=');
  return [label.slice(0, at), label.slice(at + 1)];
}

function compare(a: { type: string; key: string }, b: { type: string; key: string }): number {
  if (a.type !== b.type) return a.type < b.type ? -1 : 1;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

function fromResident(a: ResidentActor): TActorSummary {
  const unreadable = new UnreadableParts();
  return {
    type: a.type,
    key: a.key,
    status: a.status,
    version: a.version,
    labels: unreadable.labels(a.labels),
    activations: a.activations,
    lastActiveAt: a.lastActiveAt,
    unreadable: unreadable.reasons,
  };
}

function fromRow(row: {
  type: string;
  key: string;
  version: number;
  labels: string;
  activations: number;
  lastActiveAt: number | null;
}): TActorSummary {
  const unreadable = new UnreadableParts();
  return {
    type: row.type,
    key: row.key,
    status: 'inactive',
    version: row.version,
    labels: unreadable.labels(row.labels),
    activations: row.activations,
    lastActiveAt: row.lastActiveAt,
    unreadable: unreadable.reasons,
  };
}
