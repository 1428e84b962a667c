// Live pipeline views, from the runtime's event bus only (no polling): the sink of every pipeline
// broadcasts the outputs it committed (sink-actor.ts); this feed keeps the newest ones per pipeline
// in a bounded ring and, every FEED_MS, sends each watched pipeline room one `pipeline:update`
// (the `pipelines.get` summary, from memory, plus the outputs since the previous push). A socket
// joining a room gets the ring at once, so every viewer starts with the same recent history.
import type { Socket } from 'socket.io';
import { SINK_TYPE } from '../pipelines/operator-actor.ts';
import type { TRecord } from '../pipelines/operators.ts';
import type { RuntimeEvent } from '../runtime/events.ts';
import type { Troupe } from '../troupe.ts';
import type { TPipelineUpdate } from './events.ts';
import { pipelineRoom } from './rooms.ts';
import type { TroupeSocketServer } from './socket-server.ts';

const FEED_MS = 200;
/** Outputs per push: 5 pushes/s x 200 is more than a chart can show anyway. */
const MAX_OUTPUTS_PER_PUSH = 200;
/** Recent outputs kept per pipeline for viewers that join (and after a restart, read once). */
const RING = 100;
const ROOM_PREFIX = 'pipeline:';

type Output = { seq: number; output: Record<string, unknown> };

interface Feed {
  /** Newest outputs, oldest first, at most RING. */
  ring: Output[];
  /** Outputs since the previous push, at most MAX_OUTPUTS_PER_PUSH (the rest are counted). */
  pending: Output[];
  skipped: number;
  /** The previous summary pushed, to skip pushes that would change nothing (a stopped pipeline). */
  summaryJson: string;
}

export interface PipelineFeed {
  /** Sends a socket that just joined the pipeline's room the current summary and recent outputs. */
  welcome(socket: Socket, id: string): Promise<void>;
  stop(): void;
}

export function feedPipelines(io: TroupeSocketServer, troupe: Troupe): PipelineFeed {
  const feeds = new Map<string, Feed>();

  const feedOf = (id: string): Feed => {
    let feed = feeds.get(id);
    if (!feed) {
      feed = { ring: [], pending: [], skipped: 0, summaryJson: '' };
      feeds.set(id, feed);
    }
    return feed;
  };

  const onEvent = (event: RuntimeEvent) => {
    if (event.kind !== 'broadcast' || event.type !== SINK_TYPE || event.event !== 'outputs') return;
    const { firstSeq, records } = event.payload as { firstSeq: number; records: TRecord[] };
    const feed = feedOf(event.key);
    records.forEach((output, i) => {
      const entry = { seq: firstSeq + i, output };
      feed.ring.push(entry);
      if (feed.pending.length < MAX_OUTPUTS_PER_PUSH) feed.pending.push(entry);
      else feed.skipped++;
    });
    if (feed.ring.length > RING) feed.ring.splice(0, feed.ring.length - RING);
  };

  const tick = () => {
    const watched = new Set<string>();
    for (const [room, members] of io.sockets.adapter.rooms) {
      if (room.startsWith(ROOM_PREFIX) && members.size > 0) watched.add(room.slice(ROOM_PREFIX.length));
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
      if (!watched.has(id)) continue;
      const summary = troupe.pipelines.summarize(id);
      const summaryJson = JSON.stringify(summary);
      if (outputs.length === 0 && skippedOutputs === 0 && summaryJson === feed.summaryJson) continue;
      feed.summaryJson = summaryJson;
      const update: TPipelineUpdate = { ...summary, outputs, skippedOutputs };
      io.to(pipelineRoom(id)).emit('pipeline:update', update);
    }
    // A watched pipeline that produced nothing yet still shows its counters moving.
    for (const id of watched) if (troupe.pipelines.find(id)) feedOf(id);
  };

  const unsubscribe = troupe.runtime.bus.on(onEvent);
  const timer = setInterval(tick, FEED_MS);
  timer.unref();

  return {
    async welcome(socket, id) {
      if (!troupe.pipelines.find(id)) return;
      const feed = feedOf(id);
      // After a restart the ring is empty: fill it once from the stored stream.
      if (feed.ring.length === 0) {
        const stored = await troupe.pipelines.recentResults(id, RING).catch(() => []);
        if (feed.ring.length === 0) feed.ring = stored;
      }
      // Outputs still pending reach this socket with the room's next push: not twice.
      const next = feed.pending[0]?.seq ?? Number.POSITIVE_INFINITY;
      const outputs = feed.ring.filter((entry) => entry.seq < next);
      const update: TPipelineUpdate = { ...troupe.pipelines.summarize(id), outputs, skippedOutputs: 0 };
      socket.emit('pipeline:update', update);
    },
    stop() {
      unsubscribe();
      clearInterval(timer);
    },
  };
}
