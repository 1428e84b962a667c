// The lifecycle feed a page starts from: the transitions this process holds in memory, newest first,
// and, when those are fewer than asked for (a quiet server, or one that just restarted), the newest
// older ones from the stored lifecycle log. The log keeps only activated, deactivated and failed, with
// reason and error in one column: they are split back here. Stored events get negative numbers, below
// every in-memory one, so a page orders and de-duplicates both kinds the same way.
import { LIFECYCLE_REASONS, type LifecycleReason, TRANSITIONS } from '../runtime/lifecycle.ts';
import type { Troupe } from '../troupe.ts';
import type { RecentHistory, TSequencedLifecycleEvent } from './recent-history.ts';

export interface TRecentLifecycle {
  /** The history's epoch: event numbers restart when it changes (a new server process). */
  epoch: number;
  /** Newest first. */
  events: TSequencedLifecycleEvent[];
}

type StoredRow = { type: string; key: string; event: string; reason: string | null; at: number };

export async function readRecentLifecycle(
  history: RecentHistory,
  { prisma }: Pick<Troupe, 'prisma'>,
  limit: number,
): Promise<TRecentLifecycle> {
  const events = history.lifecycle(limit);
  const missing = limit - events.length;
  if (missing > 0) {
    const rows = await prisma.lifecycleEvent.findMany({
      where: { at: { lt: history.lifecycleSince() } },
      orderBy: { id: 'desc' },
      take: missing,
      select: { type: true, key: true, event: true, reason: true, at: true },
    });
    rows.forEach((row, i) => {
      const event = fromStored(row, -(i + 1));
      if (event) events.push(event);
    });
  }
  return { epoch: history.epoch, events };
}

const REASONS: ReadonlySet<string> = new Set(LIFECYCLE_REASONS);
const KNOWN_TRANSITIONS: ReadonlySet<string> = new Set(TRANSITIONS);

/** A stored row as a live event; the log writes `reason`, `reason: error` or `error: <message>`. */
export function fromStored(row: StoredRow, seq: number): TSequencedLifecycleEvent | null {
  if (!KNOWN_TRANSITIONS.has(row.event)) return null;
  const event: TSequencedLifecycleEvent = {
    kind: 'lifecycle',
    type: row.type,
    key: row.key,
    transition: row.event as TSequencedLifecycleEvent['transition'],
    at: row.at,
    seq,
  };
  const detail = row.reason;
  if (!detail) return event;
  const colon = detail.indexOf(': ');
  const head = colon < 0 ? detail : detail.slice(0, colon);
  if (REASONS.has(head)) {
    event.reason = head as LifecycleReason;
    if (colon >= 0) event.error = detail.slice(colon + 2);
  } else {
    event.error = detail;
  }
  return event;
}
