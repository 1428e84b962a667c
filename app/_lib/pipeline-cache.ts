'use client';
// Pipeline rooms -> React Query cache: each `pipeline:update` replaces the cached `pipelines.get`
// answer (and the pipeline's row in `pipelines.list`); its sink outputs feed the window charts (the
// first update after joining is the pipeline's whole chart history).
import { useQueryClient } from '@tanstack/react-query';
import type { TPipelineUpdate } from '@/server/realtime/events.ts';
import { appendOutputs, outputsKey, type TOutputHistory } from './pipeline-outputs.ts';
import type { TPipelineSummary } from './router-types.ts';
import { useSocketEvent, useSubscription } from './socket.tsx';
import { useTRPC } from './trpc.ts';

export function toSummary(update: TPipelineUpdate): TPipelineSummary {
  const { outputs: _outputs, skippedOutputs: _skipped, backlog: _backlog, ...summary } = update;
  return summary;
}

/** Joins the pipeline's room while mounted and folds its updates into the cache. */
export function usePipelineRoom(id: string, { withOutputs }: { withOutputs: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  useSubscription({ topic: 'pipeline', id });
  useSocketEvent('pipeline:update', (update) => {
    if (update.id !== id) return;
    const summary = toSummary(update);
    queryClient.setQueryData(trpc.pipelines.get.queryKey({ id }), summary);
    queryClient.setQueryData(trpc.pipelines.list.queryKey(), (list) =>
      list?.map((p) => (p.id === id ? summary : p)),
    );
    if (withOutputs && (update.backlog || update.outputs.length > 0 || update.skippedOutputs > 0)) {
      queryClient.setQueryData<TOutputHistory>(outputsKey(id), (old) => appendOutputs(old, update));
    }
  });
}
