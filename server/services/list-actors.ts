import type { TActorStatus, TListActors } from '../api/schemas.ts';
import type { ResidentActor } from '../runtime/inspection.ts';
import type { Prisma } from '../storage/generated/client.ts';
import type { Troupe } from '../troupe.ts';
import { actorOrderBy, byCodePoint, compareActors, decodeCursor, encodeCursor } from './actor-order.ts';
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

export interface TActorPage {
  items: TActorSummary[];
  /** After the last item in name order; null on the last page and for other orders (use offset). */
  nextCursor: string | null;
  /** Actors matching the filters, on every page. */
  total: number;
}

/** Stored rows per query: the first page needs few, deep offsets read on in larger steps. */
const FIRST_BATCH = 100;
const MAX_BATCH = 2000;
/** Resident keys per `IN (...)` when counting which of them have stored rows. */
const IN_CHUNK = 500;

/**
 * Actors matching the filters, resident and persisted alike, in the requested order, with their
 * total. Resident actors are read from the activation table with their live values; the others
 * page through SQLite (Prisma) in the same order and the two sorted streams are merged, so a
 * resident actor sorts by what the page shows (its stored row may lag: a turn that changes nothing
 * writes nothing) and 100k+ stored actors page in constant memory. Pages by cursor (name order) or
 * by offset (any order). `keyPrefix` is literal and case-sensitive on both paths (JS `startsWith`;
 * in SQL a key range, never LIKE).
 */
export async function listActors(troupe: Troupe, input: TListActors): Promise<TActorPage> {
  const filter = matcher(input);
  const { status } = input;
  // 'inactive' lists stored rows only; every other listing includes the resident actors.
  const resident =
    status === 'inactive'
      ? []
      : [...troupe.runtime.residents({ type: input.type, status, keyPrefix: input.keyPrefix })]
          .filter((a) => filter.hasLabel(a.labels))
          .sort(compareActors(input.sort, input.order));
  if (status && status !== 'inactive') {
    const rest = resident.filter(filter.isAfterCursor).slice(input.offset ?? 0);
    return page(
      rest.slice(0, input.limit).map(fromResident),
      rest.length > input.limit,
      input,
      resident.length,
    );
  }
  await troupe.runtime.flush(); // actors activated this tick are then on disk too
  const { stored, residentRows } = await countStored(troupe, input, filter);
  return mergePage(troupe, input, filter, resident, stored - residentRows + resident.length);
}

type TMatcher = ReturnType<typeof matcher>;

function matcher(input: TListActors) {
  const [labelName, labelValue] = input.label ? splitLabel(input.label) : [null, null];
  const after = input.cursor ? decodeCursor(input.cursor) : null;
  const where: Prisma.ActorStateWhereInput = {
    ...(input.type ? { type: input.type } : {}),
    ...(input.keyPrefix ? { key: keyRange(input.keyPrefix) } : {}),
    // JSON.stringify of the label map writes `"name":"value"` for exactly this pair (quotes inside
    // names and values are escaped), so the substring matches no other label.
    ...(labelName ? { labels: { contains: JSON.stringify({ [labelName]: labelValue }).slice(1, -1) } } : {}),
  };
  return {
    where,
    hasLabel: (labels: Readonly<Record<string, string>>) =>
      !labelName || (Object.hasOwn(labels, labelName) && labels[labelName] === labelValue),
    isAfterCursor: (a: { type: string; key: string }) =>
      !after ||
      byCodePoint(a.type, after[0]) > 0 ||
      (a.type === after[0] && byCodePoint(a.key, after[1]) > 0),
    afterCursor: after
      ? ({
          OR: [{ type: { gt: after[0] } }, { type: after[0], key: { gt: after[1] } }],
        } satisfies Prisma.ActorStateWhereInput)
      : null,
  };
}

/** Merges the sorted residents with the stored rows of the other actors, sorted alike by SQLite. */
async function mergePage(
  troupe: Troupe,
  input: TListActors,
  filter: TMatcher,
  resident: ResidentActor[],
  total: number,
): Promise<TActorPage> {
  const compare = compareActors(input.sort, input.order);
  const residents = resident.filter(filter.isAfterCursor);
  const rows = storedRows(troupe, input, filter);
  let row = await rows.next();
  let r = 0;
  let toSkip = input.offset ?? 0;
  const items: TActorSummary[] = [];
  try {
    for (;;) {
      const stored = row.done ? null : row.value;
      const live = residents[r];
      if (!stored && !live) return page(items, false, input, total);
      let item: TActorSummary;
      if (live && (!stored || compare(live, stored) <= 0)) {
        item = fromResident(live);
        r++;
      } else {
        item = stored as TActorSummary;
        row = await rows.next();
        if (!filter.hasLabel(item.labels)) continue; // a corrupt labels column
      }
      if (toSkip > 0) {
        toSkip--;
        continue;
      }
      if (items.length === input.limit) return page(items, true, input, total);
      items.push(item);
    }
  } finally {
    await rows.return(undefined);
  }
}

/** Stored rows of actors not in memory, matching the filters, in the requested order. */
async function* storedRows(troupe: Troupe, input: TListActors, filter: TMatcher) {
  const { runtime, prisma } = troupe;
  const where = filter.afterCursor ? { AND: [filter.where, filter.afterCursor] } : filter.where;
  const orderBy = actorOrderBy(input.sort, input.order);
  let skip = 0;
  for (let take = FIRST_BATCH; ; take = Math.min(take * 4, MAX_BATCH)) {
    const rows = await prisma.actorState.findMany({ where, orderBy, skip, take });
    skip += rows.length;
    for (const row of rows) if (!runtime.describe(row.type, row.key)) yield fromRow(row);
    if (rows.length < take) return;
  }
}

/** Rows matching the filters, and how many of them belong to resident actors. */
async function countStored(troupe: Troupe, input: TListActors, filter: TMatcher) {
  const { runtime, prisma } = troupe;
  const stored = await prisma.actorState.count({ where: filter.where });
  if (stored === 0) return { stored, residentRows: 0 };
  // Resident actors may have no row yet (a new actor whose turns changed nothing): count those that do.
  const residentKeys = new Map<string, string[]>();
  for (const a of runtime.residents({ type: input.type, keyPrefix: input.keyPrefix })) {
    if (!filter.hasLabel(a.labels)) continue;
    const keys = residentKeys.get(a.type) ?? [];
    keys.push(a.key);
    residentKeys.set(a.type, keys);
  }
  let residentRows = 0;
  for (const [type, keys] of residentKeys) {
    for (let i = 0; i < keys.length; i += IN_CHUNK) {
      const chunk = keys.slice(i, i + IN_CHUNK);
      residentRows += await prisma.actorState.count({
        where: { AND: [filter.where, { type, key: { in: chunk } }] },
      });
    }
  }
  return { stored, residentRows };
}

function page(items: TActorSummary[], more: boolean, input: TListActors, total: number): TActorPage {
  const last = items.at(-1);
  const nameOrder = input.sort === 'name' && input.order === 'asc';
  const nextCursor = more && last && nameOrder ? encodeCursor(last.type, last.key) : null;
  return { items, nextCursor, total };
}

/** Keys starting with `prefix`, as a range SQLite compares byte-wise (no LIKE: no wildcards, no case folding). */
function keyRange(prefix: string): Prisma.StringFilter {
  const below = prefixUpperBound(prefix);
  return below === null ? { gte: prefix } : { gte: prefix, lt: below };
}

function splitLabel(label: string): [string, string] {
  const at = label.indexOf('=');
  return [label.slice(0, at), label.slice(at + 1)];
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
