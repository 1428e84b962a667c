// Publishes a file of events in batches: each batch waits for the pipeline (publish resolves once
// the events went through every stage), a full intake (TOO_MANY_REQUESTS) is retried with
// exponential backoff and jitter, and a progress line reports events, rate and share of the file.
// Every batch carries a batch id, so the pipeline applies it exactly once however often it is sent:
// rerunning an interrupted publish with the same --run-id skips the batches already applied.
import { TRPCClientError } from '@trpc/client';
import type { PipelineHandle, TSensorEventInput } from '../client/index.ts';
import type { Progress } from './progress.ts';
import { readEventBatches } from './read-events.ts';

export interface PublishOptions {
  batchSize: number;
  /** Batch ids are `<runId>:<n>`: every resend of a batch (and a rerun with the same runId) is applied once. */
  runId: string;
  maxRetries: number;
  /** First backoff; doubles per retry of the same batch, capped at 5 s. */
  backoffMs: number;
  progress: Progress;
  sleep?: (ms: number) => Promise<void>;
}

export interface PublishSummary {
  pipeline: string;
  runId: string;
  published: number;
  batches: number;
  retries: number;
  seconds: number;
}

const MAX_BACKOFF_MS = 5_000;

export async function publishFile(
  pipeline: PipelineHandle,
  path: string,
  options: PublishOptions,
): Promise<PublishSummary> {
  const sleep = options.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
  const started = Date.now();
  const summary: PublishSummary = {
    pipeline: pipeline.id,
    runId: options.runId,
    published: 0,
    batches: 0,
    retries: 0,
    seconds: 0,
  };
  const line = (fraction: number) => {
    const seconds = (Date.now() - started) / 1000;
    const rate = seconds > 0 ? Math.round(summary.published / seconds) : 0;
    return `published ${summary.published} events in ${summary.batches} batches (${Math.round(fraction * 100)}%, ${rate}/s, ${summary.retries} retries)`;
  };
  for await (const batch of readEventBatches(path, options.batchSize)) {
    for (let attempt = 0; ; attempt++) {
      try {
        const batchId = `${options.runId}:${summary.batches}`;
        await pipeline.publish(batch.events as TSensorEventInput[], { batchId });
        break;
      } catch (error) {
        // Safe to resend: the intake admits a batch whole or rejects it whole, and the batch id
        // makes even a resend of an applied batch a no-op.
        if (!isOverloaded(error) || attempt >= options.maxRetries) throw error;
        summary.retries++;
        const backoff = Math.min(MAX_BACKOFF_MS, options.backoffMs * 2 ** attempt);
        options.progress.update(`${line(batch.fraction)}; intake full, retrying in ${backoff} ms`);
        await sleep(backoff * (0.5 + Math.random() / 2));
      }
    }
    summary.published += batch.events.length;
    summary.batches++;
    options.progress.update(line(batch.fraction));
  }
  summary.seconds = Math.round((Date.now() - started) / 100) / 10;
  options.progress.finish(`${line(1)} in ${summary.seconds} s`);
  return summary;
}

function isOverloaded(error: unknown): boolean {
  return error instanceof TRPCClientError && (error.data as { code?: string })?.code === 'TOO_MANY_REQUESTS';
}
