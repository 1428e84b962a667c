// Folding pushed events into cached control-plane answers, so views update without refetching:
// `actor:update` into an `actors.get` answer, lifecycle transitions into `actors.list` pages.
// Rows made from pushed events get negative ids; the next `actors.get` replaces them with stored rows.
import type { TActorUpdate } from '@/server/realtime/events.ts';
import type { LifecycleEvent } from '@/server/runtime/events.ts';
import { PERSISTED_TRANSITIONS as PERSISTED, STATUS_AFTER } from '@/server/runtime/lifecycle.ts';
import type { TActorDetail, TActorListPage, TActorStatus } from './router-types.ts';

export { STATUS_AFTER };

/** What `actors.get` keeps per actor; pushed rows are trimmed to the same length. */
const RECENT = 50;

let lastLiveId = 0;
const liveId = () => --lastLiveId;

export function applyActorUpdate(detail: TActorDetail, update: TActorUpdate): TActorDetail {
  // Not resident (deactivated, failed): the update carries no state; keep the last known one.
  const resident = update.state !== undefined;
  const knownTurns = new Set(detail.journal.map((j) => `${j.version}|${j.action}|${j.at}`));
  const turns = update.turns
    .filter((t) => !knownTurns.has(`${t.version}|${t.action}|${t.at}`))
    .map((t) => ({
      id: liveId(),
      version: t.version,
      action: t.action,
      // Pushed with the turn (bounded in size by the server): no re-read of the journal needed.
      input: t.args ?? null,
      result: t.ok ? (t.result ?? null) : null,
      error: t.ok ? null : (t.error ?? 'failed'),
      state: resident && t.version === update.version ? update.state : undefined,
      durationMs: t.durationMs,
      at: t.at,
    }))
    .reverse();
  const knownLifecycle = new Set(detail.lifecycle.map((l) => `${l.event}|${l.at}`));
  const lifecycle = update.lifecycle
    .filter((l) => PERSISTED.has(l.transition) && !knownLifecycle.has(`${l.transition}|${l.at}`))
    .map((l) => ({ id: liveId(), event: l.transition, reason: reasonOf(l), at: l.at }))
    .reverse();
  const activated = lifecycle.filter((l) => l.event === 'activated').length;
  return {
    ...detail,
    status: update.status as TActorStatus,
    version: resident ? update.version : detail.version,
    state: resident ? update.state : detail.state,
    mailboxDepth: update.mailboxDepth,
    lastActiveAt: update.lastActiveAt ?? detail.lastActiveAt,
    idleDeadline: update.idleDeadline,
    activations: detail.activations + activated,
    // Deactivated: the live counters are gone; the last known ones stay (the page shows no rate).
    turnStats: update.turnStats ?? detail.turnStats,
    lifecycle: [...lifecycle, ...detail.lifecycle].slice(0, RECENT),
    journal: [...turns, ...detail.journal].slice(0, RECENT),
  };
}

/** The stored form of a transition's reason: "manual", or "error: <message>". */
export function reasonOf(event: Pick<LifecycleEvent, 'reason' | 'error'>): string | null {
  if (event.error) return `${event.reason ?? 'error'}: ${event.error}`;
  return event.reason ?? null;
}

/** Statuses of listed actors after a batch of transitions (unchanged pages are returned as is). */
export function applyTransitions(page: TActorListPage, events: LifecycleEvent[]): TActorListPage {
  let changed = false;
  const items = page.items.map((item) => {
    let next = item;
    for (const event of events) {
      if (event.type !== item.type || event.key !== item.key) continue;
      const lastActiveAt = event.transition === 'activated' ? event.at : next.lastActiveAt;
      next = { ...next, status: STATUS_AFTER[event.transition], lastActiveAt };
      changed = true;
    }
    return next;
  });
  return changed ? { ...page, items } : page;
}
