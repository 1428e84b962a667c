// `client.pipeline(id)`: one pipeline's procedures with the id filled in. Creating it does no I/O.
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '../server/api/root.ts';
import type { TrpcClient } from './trpc-client.ts';

type Inputs = inferRouterInputs<AppRouter>['pipelines'];
type Outputs = inferRouterOutputs<AppRouter>['pipelines'];

export type TSensorEventInput = Inputs['publish']['events'][number];
export type SimulateOptions = Omit<Inputs['simulate'], 'id'>;

export interface PipelineHandle {
  readonly id: string;
  /**
   * Resolves once the events went through every stage; TOO_MANY_REQUESTS when intake is full.
   * With a `batchId`, a retry of the same batch is applied at most once (exactly-once publish).
   */
  publish(events: TSensorEventInput[], options?: { batchId?: string }): Promise<Outputs['publish']>;
  /**
   * Sink outputs with seq > afterSeq (default 0), oldest first; `stream: 'late'` reads the records
   * that arrived behind the watermark, `stream: 'errors'` the numbers that left the finite range.
   */
  results(options?: Omit<Inputs['results'], 'id'>): Promise<Outputs['results']>;
  get(): Promise<Outputs['get']>;
  scale(operatorIndex: number, partitions: number): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Closes every key now: open time windows fire (later records for them are late). */
  flush(): Promise<void>;
  simulate(options: SimulateOptions): Promise<void>;
  delete(): Promise<void>;
}

export function createPipelineHandle(trpc: TrpcClient, id: string): PipelineHandle {
  const { pipelines } = trpc;
  return {
    id,
    publish: (events, options = {}) => pipelines.publish.mutate({ id, events, ...options }),
    results: (options = {}) => pipelines.results.query({ id, ...options }),
    get: () => pipelines.get.query({ id }),
    scale: async (operatorIndex, partitions) => {
      await pipelines.scale.mutate({ id, operatorIndex, partitions });
    },
    start: async () => {
      await pipelines.start.mutate({ id });
    },
    stop: async () => {
      await pipelines.stop.mutate({ id });
    },
    flush: async () => {
      await pipelines.flush.mutate({ id });
    },
    simulate: async (options) => {
      await pipelines.simulate.mutate({ id, ...options });
    },
    delete: async () => {
      await pipelines.delete.mutate({ id });
    },
  };
}
