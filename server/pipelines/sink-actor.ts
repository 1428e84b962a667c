// The sink of a pipeline is a virtual actor too (`pipeline-sink/<pipelineId>`): it numbers outputs
// and appends them to the durable stream named after the pipeline, in the same commit as its
// sequence counter, so a result is never lost nor numbered twice. Retention is bounded. Late
// records and numeric errors go to the side streams `late` and `errors` the same way.
import { z } from 'zod';
import type { ActorContext } from '../runtime/definition.ts';
import { defineActor } from '../runtime/definition.ts';
import { SINK_TYPE, type TBatch } from './operator-actor.ts';
import type { SideEntry } from './operators.ts';
import { type PipelineLookup, preciseNow } from './pipeline-view.ts';
import { type PipelineStream, streamName } from './streams.ts';

export const RESULTS_RETAINED = 10_000;

interface SinkState {
  nextSeq: number;
  /** Next sequence number of each side stream (absent: 1). */
  side?: Partial<Record<'late' | 'errors', number>>;
}

const ZSide = z.custom<{ entries: SideEntry[] }>(
  (v) => Array.isArray((v as { entries?: unknown } | null)?.entries),
  'expected { entries: [...] }',
);

/** Appends payloads to a stream from `firstSeq` on, trimming once per thousand sequence numbers crossed. */
function appendAll(
  ctx: ActorContext<SinkState>,
  stream: string,
  firstSeq: number,
  payloads: unknown[],
): number {
  let seq = firstSeq;
  for (const payload of payloads) ctx.append(stream, seq++, payload);
  if (Math.floor((seq - 1) / 1000) !== Math.floor((firstSeq - 1) / 1000)) {
    ctx.trim(stream, seq - RESULTS_RETAINED);
  }
  return seq;
}

const ZBatch = z.custom<TBatch>(
  (v) => Array.isArray((v as TBatch | null)?.records),
  'expected { records: [...] }',
);

export function createSinkActor(pipelines: PipelineLookup) {
  return defineActor({
    type: SINK_TYPE,
    internal: true,
    state: (): SinkState => ({ nextSeq: 1 }),
    idleTimeoutMs: 60_000,
    mailboxCapacity: 1024,
    schedulingGroup: (key) => `pipeline:${key}`,
    actions: {
      emit: {
        description: 'Appends outputs to the pipeline results (internal).',
        input: ZBatch,
        handler: (ctx, { records, t0 }) => {
          const stream = ctx.self.key;
          const firstSeq = ctx.state.nextSeq;
          ctx.state.nextSeq = appendAll(ctx, streamName(stream, 'results'), firstSeq, records);
          // Live views learn of committed outputs from the bus (realtime/pipeline-feed.ts).
          ctx.broadcast('outputs', { firstSeq, records });
          const stats = pipelines.find(stream)?.stats;
          if (stats) {
            stats.sinkOutputs += records.length;
            stats.endToEnd.add(preciseNow() - t0);
          }
          return ctx.state.nextSeq - 1;
        },
      },
      side: {
        description: 'Appends late records and numeric errors to their side streams (internal).',
        input: ZSide,
        handler: (ctx, { entries }) => {
          ctx.state.side ??= {};
          const side = ctx.state.side;
          for (const name of ['late', 'errors'] as const satisfies PipelineStream[]) {
            const payloads = entries.filter((e) => e.stream === name).map((e) => e.entry);
            if (payloads.length === 0) continue;
            side[name] = appendAll(ctx, streamName(ctx.self.key, name), side[name] ?? 1, payloads);
          }
          return entries.length;
        },
      },
    },
  });
}
