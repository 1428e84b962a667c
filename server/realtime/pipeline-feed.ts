// Live pipeline views, from the runtime's event bus only (no polling): the sink of every pipeline
// broadcasts the outputs it committed (sink-actor.ts); every FEED_MS this feed sends each watched
// pipeline room one `pipeline:update` (the `pipelines.get` summary, from memory, plus the outputs
// since the previous push, capped) and folds what it sent into the pipeline's history: the points
// the page charts (output-history.ts, the same fold the browser runs) and the latest rows. That
// history belongs to the pipeline, not to a room or a socket: each socket that joins gets all of it
// at once (`backlog: true`), so a second viewer starts with exactly what the first one has.
import type { Socket } from 'socket.io';
import { SINK_TYPE } from '../pipelines/operator-actor.ts';
import type { TRecord } from '../pipelines/operators.ts';
import type { RuntimeEvent } from '../runtime/events.ts';
import type { Troupe } from '../troupe.ts';
import type { TPipelineUpdate } from './events.ts';
import {
  foldPoints,
  pointOf,
  recentOutputs,
  type TOutputEntry,
  type TOutputPoint,
} from './output-history.ts';
import type { RoomInterest } from './room-interest.ts';
import { pipelineRoom } from './rooms.ts';
import type { TroupeSocketServer } from './socket-server.ts';

const FEED_MS = 200;
/** Outputs per push: 5 pushes/s x 200 is more than a chart can show anyway. */
const MAX_OUTPUTS_PER_PUSH = 200;
/** Stored outputs read once after a restart (or for a pipeline that produced nothing since), to chart. */
const STORED_BACKLOG = 1000;
const ROOM_PREFIX = 'pipeline:';

type THistoryPoint = TOutputPoint & { entry: TOutputEntry };

interface Feed {
  /** What every viewer charts: the fold of every output pushed so far. */
  points: THistoryPoint[];
  /** The latest outputs pushed, oldest first. */
  recent: TOutputEntry[];
  /** Outputs since the previous push, at most MAX_OUTPUTS_PER_PUSH (the rest are counted). */
  pending: TOutputEntry[];
  skipped: number;
  /** Outputs never pushed since the feed started (viewers show it as "skipped to keep up"). */
  skippedTotal: number;
  /** The previous summary pushed, to skip pushes that would change nothing (a stopped pipeline). */
  summaryJson: string;
  /** Reading the stored backlog, once per feed. */
  loaded: Promise<void> | null;
}

export interface PipelineFeed {
  /** Sends a socket that just joined the pipeline's room the current summary and the whole history. */
  welcome(socket: Socket, id: string): Promise<void>;
  stop(): void;
}

export function feedPipelines(io: TroupeSocketServer, troupe: Troupe, interest: RoomInterest): PipelineFeed {
  const feeds = new Map<string, Feed>();

  const feedOf = (id: string): Feed => {
    let feed = feeds.get(id);
    if (!feed) {
      feed = {
        points: [],
        recent: [],
        pending: [],
        skipped: 0,
        skippedTotal: 0,
        summaryJson: '',
        loaded: null,
      };
      feeds.set(id, feed);
    }
    return feed;
  };

  const onEvent = (event: RuntimeEvent) => {
    if (event.kind !== 'broadcast' || event.type !== SINK_TYPE || event.event !== 'outputs') return;
    const { firstSeq, records } = event.payload as { firstSeq: number; records: TRecord[] };
    const feed = feedOf(event.key);
    records.forEach((output, i) => {
      if (feed.pending.length < MAX_OUTPUTS_PER_PUSH) feed.pending.push({ seq: firstSeq + i, output });
      else feed.skipped++;
    });
  };

  const tick = () => {
    // Viewers on any node (cluster mode): a pipeline's updates come from its home, where it runs.
    const watched = new Set<string>();
    for (const room of interest.rooms()) {
      if (room.startsWith(ROOM_PREFIX)) watched.add(room.slice(ROOM_PREFIX.length));
    }
    for (const [id, feed] of feeds) {
      if (!troupe.pipelines.find(id)) {
        feeds.delete(id); // deleted: its history goes with it
        continue;
      }
      const outputs = feed.pending;
      const skippedOutputs = feed.skipped;
      feed.pending = [];
      feed.skipped = 0;
      fold(feed, outputs, skippedOutputs); // watched or not: a viewer that joins later sees it
      if (!watched.has(id)) continue;
      const summary = troupe.pipelines.summarize(id);
      const summaryJson = JSON.stringify(summary);
      if (outputs.length === 0 && skippedOutputs === 0 && summaryJson === feed.summaryJson) continue;
      feed.summaryJson = summaryJson;
      const update: TPipelineUpdate = { ...summary, outputs, skippedOutputs, backlog: false };
      io.to(pipelineRoom(id)).emit('pipeline:update', update);
    }
    // A watched pipeline that produced nothing yet still shows its counters moving.
    for (const id of watched) if (troupe.pipelines.find(id)) feedOf(id);
  };

  /** After a restart the history is empty: fold the latest stored outputs in, before what came since. */
  const loadStored = async (id: string, feed: Feed) => {
    const stored = await troupe.pipelines.recentResults(id, STORED_BACKLOG).catch(() => []);
    const since = Math.min(feed.recent[0]?.seq ?? Number.POSITIVE_INFINITY, ...feed.points.map((p) => p.seq));
    const older = stored.filter((entry) => entry.seq < since);
    const newer = feed.points;
    feed.points = [];
    const recent = feed.recent;
    feed.recent = [];
    fold(feed, older, 0);
    feed.points = foldPoints(feed.points, newer);
    feed.recent = recentOutputs(feed.recent, recent);
  };

  const unsubscribe = troupe.runtime.bus.on(onEvent);
  const timer = setInterval(tick, FEED_MS);
  timer.unref();

  return {
    async welcome(socket, id) {
      if (!troupe.pipelines.find(id)) return;
      const feed = feedOf(id);
      feed.loaded ??= loadStored(id, feed);
      await feed.loaded;
      if (!troupe.pipelines.find(id)) return;
      const update: TPipelineUpdate = {
        ...troupe.pipelines.summarize(id),
        outputs: backlogOf(feed),
        skippedOutputs: feed.skippedTotal,
        backlog: true,
      };
      socket.emit('pipeline:update', update);
    },
    stop() {
      unsubscribe();
      clearInterval(timer);
    },
  };
}

function fold(feed: Feed, outputs: TOutputEntry[], skipped: number): void {
  feed.skippedTotal += skipped;
  if (outputs.length === 0) return;
  const points: THistoryPoint[] = [];
  for (const entry of outputs) {
    const point = pointOf(entry);
    if (point) points.push({ ...point, entry });
  }
  feed.points = foldPoints(feed.points, points);
  feed.recent = recentOutputs(feed.recent, outputs);
}

/** The outputs that rebuild the history: each point's own, and the latest rows, in push order. */
function backlogOf(feed: Feed): TOutputEntry[] {
  const bySeq = new Map<number, TOutputEntry>();
  for (const point of feed.points) bySeq.set(point.entry.seq, point.entry);
  for (const entry of feed.recent) bySeq.set(entry.seq, entry);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}
