// Live pipeline views: every FEED_MS, each pipeline room with members gets one `pipeline:update`
// (the same summary as `pipelines.get`) plus the sink outputs appended since the previous push.
// One timer for all rooms, at most 1000 / FEED_MS messages a second per room whatever the event
// rate, and a bounded number of outputs per message (a browser that falls behind skips ahead).
import type { Troupe } from '../troupe.ts';
import type { TPipelineUpdate } from './events.ts';
import { pipelineRoom } from './rooms.ts';
import type { TroupeSocketServer } from './socket-server.ts';

const FEED_MS = 200;
/** Outputs per push: 5 pushes/s x 200 is more than a chart can show anyway. */
const MAX_OUTPUTS_PER_PUSH = 200;
/** A room's first push carries this many recent outputs, so charts open with some history. */
const BACKLOG_ON_JOIN = 100;
const ROOM_PREFIX = 'pipeline:';

interface FeedCursor {
  /** Last sequence number pushed to the room. */
  seq: number;
  /** The previous summary, to skip pushes that would change nothing (a stopped pipeline). */
  summaryJson: string;
}

export function feedPipelines(io: TroupeSocketServer, troupe: Troupe): () => void {
  const cursors = new Map<string, FeedCursor>();
  let busy = false;
  let stopped = false;

  const tailSeq = async (id: string) => {
    const last = await troupe.prisma.streamEntry.findFirst({
      where: { stream: id },
      orderBy: { seq: 'desc' },
      select: { seq: true },
    });
    return last?.seq ?? 0;
  };

  const push = async (id: string) => {
    if (!troupe.pipelines.find(id)) return;
    const summary = troupe.pipelines.summarize(id);
    const tail = await tailSeq(id);
    const cursor = cursors.get(id);
    // A new room (or a pipeline re-created under the same id) starts near the tail, not at seq 0.
    let after = cursor && cursor.seq <= tail ? cursor.seq : Math.max(0, tail - BACKLOG_ON_JOIN);
    const skippedOutputs = Math.max(0, tail - after - MAX_OUTPUTS_PER_PUSH);
    after += skippedOutputs;
    const { items, nextSeq } =
      tail > after
        ? await troupe.pipelines.results(id, after, MAX_OUTPUTS_PER_PUSH)
        : { items: [], nextSeq: after };
    const summaryJson = JSON.stringify(summary);
    const unchanged = cursor !== undefined && items.length === 0 && cursor.summaryJson === summaryJson;
    cursors.set(id, { seq: nextSeq, summaryJson });
    if (stopped || unchanged) return;
    const update: TPipelineUpdate = { ...summary, outputs: items, skippedOutputs };
    io.to(pipelineRoom(id)).emit('pipeline:update', update);
  };

  const tick = async () => {
    if (busy) return; // a slow database round never stacks pushes
    busy = true;
    try {
      const watched = new Set<string>();
      for (const [room, members] of io.sockets.adapter.rooms) {
        if (room.startsWith(ROOM_PREFIX) && members.size > 0) watched.add(room.slice(ROOM_PREFIX.length));
      }
      for (const id of cursors.keys()) if (!watched.has(id)) cursors.delete(id);
      for (const id of watched) {
        if (stopped) return;
        // One pipeline failing (deleted mid-push, database closing) must not starve the others.
        await push(id).catch(() => undefined);
      }
    } finally {
      busy = false;
    }
  };

  const timer = setInterval(() => void tick(), FEED_MS);
  timer.unref();
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}
