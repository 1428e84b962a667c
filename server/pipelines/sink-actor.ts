// The sink of a pipeline is a virtual actor too (`pipeline-sink/<pipelineId>`): it numbers outputs
// and appends them to the durable stream named after the pipeline, in the same commit as its
// sequence counter, so a result is never lost nor numbered twice. Retention is bounded.
import { z } from 'zod';
import { defineActor } from '../runtime/definition.ts';
import { SINK_TYPE, type TBatch } from './operator-actor.ts';
import { type PipelineLookup, preciseNow } from './pipeline-view.ts';

export const RESULTS_RETAINED = 10_000;

const ZBatch = z.custom<TBatch>(
  (v) => Array.isArray((v as TBatch | null)?.records),
  'expected { records: [...] }',
);

export function createSinkActor(pipelines: PipelineLookup) {
  return defineActor({
    type: SINK_TYPE,
    internal: true,
    state: () => ({ nextSeq: 1 }),
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
          for (const record of records) ctx.append(stream, ctx.state.nextSeq++, record);
          // Live views learn of committed outputs from the bus (realtime/pipeline-feed.ts).
          ctx.broadcast('outputs', { firstSeq, records });
          const seq = ctx.state.nextSeq;
          // Trim once per thousand sequence numbers crossed, not per turn.
          if (Math.floor((seq - 1) / 1000) !== Math.floor((seq - 1 - records.length) / 1000)) {
            ctx.trim(stream, seq - RESULTS_RETAINED);
          }
          const stats = pipelines.find(stream)?.stats;
          if (stats) {
            stats.sinkOutputs += records.length;
            stats.endToEnd.add(preciseNow() - t0);
          }
          return seq - 1;
        },
      },
    },
  });
}
