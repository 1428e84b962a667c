// Runtime events -> socket.io rooms, aggregated server-side: per actor room at most one update per
// flush (latest status/state plus the turns and broadcasts since the last one), the lifecycle
// firehose capped per flush, metrics once a second. So a runtime doing 100k turns/s still sends each
// browser ~10 msgs/s. Turn args and results and broadcast payloads ride along, each bounded in size.
// Type changes (deploy, rollback, dev reload) go to the 'types' room, at most once per type per flush.
// Metrics samples and numbered lifecycle events come from the server's recent history, so what a
// page loads (system.recentMetrics / recentLifecycle) and what it then receives live are one series.
import { summarizeOverview } from '../observability/overview-summary.ts';
import type { RecentHistory, TSequencedLifecycleEvent } from '../observability/recent-history.ts';
import type { BroadcastEvent, LifecycleEvent, RuntimeEvent, TurnEvent } from '../runtime/events.ts';
import type { Runtime } from '../runtime/runtime.ts';
import { type ActorTurnStats, actorTurnStats } from '../services/actor-turn-stats.ts';
import type { Troupe } from '../troupe.ts';
import type { TActorUpdate, TRoom } from './events.ts';
import type { RoomInterest } from './room-interest.ts';
import { actorRoom } from './rooms.ts';
import type { TroupeSocketServer } from './socket-server.ts';

const FLUSH_MS = 100;
const MAX_LIFECYCLE_PER_FLUSH = 50;
const MAX_TURNS_PER_UPDATE = 20;
const MAX_BROADCASTS_PER_UPDATE = 50;
/** Args, results and payloads larger than this (JSON characters) are replaced by a note of their size. */
export const MAX_PUSHED_VALUE_CHARS = 4096;

interface PendingActor {
  type: string;
  key: string;
  turns: TurnEvent[];
  lifecycle: LifecycleEvent[];
  broadcasts: BroadcastEvent[];
  droppedBroadcasts: number;
}

export function bridgeRuntime(
  io: TroupeSocketServer,
  troupe: Troupe,
  history: RecentHistory,
  interest: RoomInterest,
): () => void {
  const { runtime } = troupe;
  const rooms = io.sockets.adapter.rooms;
  // Actor rooms and type changes count watchers on every node; the rest is this node's own.
  const watched = (room: TRoom) => interest.watched(room);
  const watchedHere = (room: TRoom) => (rooms.get(room)?.size ?? 0) > 0;
  const clustered = troupe.cluster !== undefined;
  const pendingActors = new Map<TRoom, PendingActor>();
  let lifecycle: TSequencedLifecycleEvent[] = [];
  let dropped = 0;
  const changedTypes = new Set<string>();
  // Subscribed now, so rates count from the start rather than from the first actor page.
  const turnStats = actorTurnStats(runtime);

  const onLifecycle = (event: TSequencedLifecycleEvent) => {
    if (!watchedHere('lifecycle')) return;
    if (lifecycle.length < MAX_LIFECYCLE_PER_FLUSH) lifecycle.push(event);
    else dropped++;
  };

  const onEvent = (event: RuntimeEvent) => {
    if (rooms.size === 0 && !clustered) return;
    if (event.kind === 'type') {
      if (watched('types')) changedTypes.add(event.type);
      return;
    }
    const room = actorRoom(event.type, event.key);
    if (!watched(room)) return;
    let pending = pendingActors.get(room);
    if (!pending) {
      pending = {
        type: event.type,
        key: event.key,
        turns: [],
        lifecycle: [],
        broadcasts: [],
        droppedBroadcasts: 0,
      };
      pendingActors.set(room, pending);
    }
    if (event.kind === 'turn') {
      pending.turns.push(event);
      if (pending.turns.length > MAX_TURNS_PER_UPDATE) pending.turns.shift();
    } else if (event.kind === 'broadcast') {
      if (pending.broadcasts.length < MAX_BROADCASTS_PER_UPDATE) pending.broadcasts.push(event);
      else pending.droppedBroadcasts++;
    } else {
      pending.lifecycle.push(event);
    }
  };

  const flush = () => {
    for (const [room, pending] of pendingActors)
      io.to(room).emit('actor:update', actorUpdate(runtime, turnStats, pending));
    pendingActors.clear();
    if (lifecycle.length > 0 || dropped > 0)
      io.local.to('lifecycle').emit('lifecycle:batch', { epoch: history.epoch, events: lifecycle, dropped });
    lifecycle = [];
    dropped = 0;
    if (changedTypes.size > 0) io.to('types').emit('types:changed', { types: [...changedTypes] });
    changedTypes.clear();
  };

  const stopTicks = history.onTick((tick) => {
    // A node's own metrics: each dashboard charts the node it is connected to.
    if (!watchedHere('overview')) return;
    io.local.to('overview').emit('metrics:tick', tick);
    io.local.to('overview').emit('overview:summary', summarizeOverview(troupe));
  });
  const stopLifecycle = history.onLifecycle(onLifecycle);
  const unsubscribe = runtime.bus.on(onEvent);
  const flushTimer = setInterval(flush, FLUSH_MS);
  flushTimer.unref();
  return () => {
    unsubscribe();
    stopTicks();
    stopLifecycle();
    clearInterval(flushTimer);
  };
}

function actorUpdate(runtime: Runtime, turnStats: ActorTurnStats, pending: PendingActor): TActorUpdate {
  const live = runtime.describe(pending.type, pending.key);
  return {
    type: pending.type,
    key: pending.key,
    status: live?.status ?? 'inactive',
    version: live?.version ?? pending.turns.at(-1)?.version ?? 0,
    state: live?.stateJson == null ? undefined : JSON.parse(live.stateJson),
    mailboxDepth: live?.mailboxDepth ?? 0,
    lastActiveAt: live?.lastActiveAt ?? null,
    idleDeadline: live?.idleDeadline ?? null,
    turns: pending.turns.map((t) => ({ ...t, args: bounded(t.args), result: bounded(t.result) })),
    lifecycle: pending.lifecycle,
    broadcasts: pending.broadcasts.map(({ event, payload, at }) => ({
      event,
      payload: bounded(payload),
      at,
    })),
    droppedBroadcasts: pending.droppedBroadcasts,
    turnStats: turnStats.of(pending.type, pending.key),
  };
}

/** The value itself when its JSON is small; else a note of its size (the page can fetch it). */
function bounded(value: unknown): unknown {
  if (value === undefined) return undefined;
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch {
    return { omitted: 'not JSON data' };
  }
  if (json === undefined || json.length <= MAX_PUSHED_VALUE_CHARS) return value;
  return { omitted: `${json.length} characters` };
}
