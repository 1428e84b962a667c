// The pipeline engine's entry point: creates, runs, rescales and deletes pipelines whose operators
// are virtual actors on the shared runtime. Specs live in SQLite (Prisma); results are the sink's
// durable stream. Publishing is admitted only when every first-stage partition has mailbox room,
// so a batch is accepted whole or rejected whole (TOO_MANY_REQUESTS), never half-processed.
import { ActorError } from '../runtime/errors.ts';
import type { Runtime } from '../runtime/runtime.ts';
import type { createPrismaClient } from '../storage/prisma.ts';
import { chunkSize, sendInChunks } from './chunking.ts';
import { LivePipeline } from './live-pipeline.ts';
import { createOperatorActor, declaredCost, OPERATOR_TYPE, SINK_TYPE } from './operator-actor.ts';
import { keyOf, type TRecord } from './operators.ts';
import { operatorKey, partitionOf } from './partition.ts';
import { type PipelineLookup, preciseNow } from './pipeline-view.ts';
import { rescaleOperator } from './rescale.ts';
import { SensorSimulator, type SimulationOptions } from './simulator.ts';
import { createSinkActor } from './sink-actor.ts';
import {
  type TPipelineSpec,
  type TPipelineSpecInput,
  type TSensorEvent,
  ZPipelineSpecSchema,
} from './spec.ts';
import { summarizePipeline } from './summarize-pipeline.ts';

type Prisma = ReturnType<typeof createPrismaClient>;

export class PipelineManager implements PipelineLookup {
  private readonly pipelines = new Map<string, LivePipeline>();
  private readonly simulators = new Map<string, SensorSimulator>();
  private readonly rateTimer: NodeJS.Timeout;

  constructor(
    private readonly runtime: Runtime,
    private readonly prisma: Prisma,
  ) {
    runtime.registry.register(createOperatorActor(this));
    runtime.registry.register(createSinkActor(this));
    this.rateTimer = setInterval(() => {
      const now = Date.now();
      for (const pipeline of this.pipelines.values()) pipeline.stats.sampleRates(now);
    }, 1000);
    this.rateTimer.unref();
  }

  summarize(id: string) {
    return summarizePipeline(this.runtime, this.require(id), this.simulators.get(id)?.info ?? null);
  }

  /** Starts the built-in sensor source (replacing a running one); `stop` or its duration ends it. */
  simulate(id: string, options: SimulationOptions): void {
    const pipeline = this.require(id);
    if (pipeline.status !== 'running') {
      throw new ActorError('PRECONDITION_FAILED', `pipeline "${id}" is stopped; start it to simulate`);
    }
    this.stopSimulation(id);
    const simulator = new SensorSimulator(
      options,
      (events) => this.publish(id, events),
      () => this.simulators.delete(id),
    );
    this.simulators.set(id, simulator);
  }

  stopSimulation(id: string): void {
    this.simulators.get(id)?.stop();
    this.simulators.delete(id);
  }

  /** Stops every simulator and the rate sampler (shutdown). */
  close(): void {
    clearInterval(this.rateTimer);
    for (const id of [...this.simulators.keys()]) this.stopSimulation(id);
  }

  find(id: string): LivePipeline | undefined {
    return this.pipelines.get(id);
  }

  require(id: string): LivePipeline {
    const pipeline = this.pipelines.get(id);
    if (!pipeline) throw new ActorError('NOT_FOUND', `pipeline "${id}" does not exist`);
    return pipeline;
  }

  all(): LivePipeline[] {
    return [...this.pipelines.values()];
  }

  /** Loads every stored pipeline (at boot). */
  async load(): Promise<void> {
    for (const row of await this.prisma.pipeline.findMany({ orderBy: { createdAt: 'asc' } })) {
      const spec = ZPipelineSpecSchema.parse(JSON.parse(row.spec));
      this.track(
        new LivePipeline(row.id, spec, row.status === 'stopped' ? 'stopped' : 'running', row.createdAt),
      );
    }
  }

  async create(input: TPipelineSpecInput): Promise<{ id: string }> {
    const spec = ZPipelineSpecSchema.parse(input);
    const id = await this.freeId(spec.name);
    const now = Date.now();
    await this.prisma.pipeline.create({
      data: {
        id,
        name: spec.name,
        spec: JSON.stringify(spec),
        status: 'running',
        createdAt: now,
        updatedAt: now,
      },
    });
    this.track(new LivePipeline(id, spec, 'running', now));
    return { id };
  }

  async setStatus(id: string, status: 'running' | 'stopped'): Promise<void> {
    const pipeline = this.require(id);
    if (status === 'stopped') this.stopSimulation(id);
    if (pipeline.status === status) return;
    pipeline.status = status;
    await this.prisma.pipeline.update({ where: { id }, data: { status, updatedAt: Date.now() } });
  }

  /** Runs events through the pipeline; resolves once every stage has processed them. */
  /**
   * With a `batchId`, the publish is exactly-once: retrying the same batch (after a timeout or a
   * crash) applies it at most once in every operator and the sink (idempotency keys derived per hop).
   */
  async publish(id: string, events: TSensorEvent[], batchId?: string): Promise<{ accepted: number }> {
    const pipeline = this.require(id);
    if (pipeline.status !== 'running') {
      throw new ActorError('PRECONDITION_FAILED', `pipeline "${id}" is stopped; start it to publish`);
    }
    if (events.length === 0) return { accepted: 0 };
    return pipeline.admit(async () => {
      const t0 = preciseNow();
      const plan = pipeline.plans[0]!;
      const partitions = pipeline.partitions[0]!;
      const groups = new Map<number, TRecord[]>();
      for (const event of events) {
        const record: TRecord = {
          sensorId: event.sensorId,
          value: event.value,
          ts: event.ts ?? Math.round(t0),
        };
        const partition = partitionOf(keyOf(plan, record), partitions);
        const group = groups.get(partition);
        if (group) group.push(record);
        else groups.set(partition, [record]);
      }
      this.assertRoom(pipeline, [...groups.keys()], events.length);
      pipeline.stats.published += events.length;
      const size = chunkSize(pipeline.stats.operators[0], declaredCost(plan), batchId !== undefined);
      await Promise.all(
        [...groups].map(([partition, records]) =>
          sendInChunks(
            this.runtime.get(OPERATOR_TYPE, operatorKey(id, 0, partition)),
            records,
            t0,
            size,
            batchId === undefined ? undefined : `${batchId}>0:${partition}`,
          ),
        ),
      );
      return { accepted: events.length };
    });
  }

  private assertRoom(pipeline: LivePipeline, partitions: number[], count: number): void {
    for (const partition of partitions) {
      const activation = this.runtime.catalog.lookup(OPERATOR_TYPE, operatorKey(pipeline.id, 0, partition));
      if (activation?.mailbox.isFull) {
        pipeline.stats.rejected += count;
        throw new ActorError('OVERLOADED', `pipeline "${pipeline.id}" is at capacity; retry with backoff`);
      }
    }
  }

  /** Emits every open time window through the rest of the pipeline, stage by stage. */
  async flush(id: string): Promise<void> {
    const pipeline = this.require(id);
    await pipeline.admit(async () => {
      for (let index = 0; index < pipeline.plans.length; index++) {
        for (let partition = 0; partition < pipeline.partitions[index]!; partition++) {
          await this.runtime.get(OPERATOR_TYPE, operatorKey(id, index, partition)).ask('flush', {});
        }
      }
    });
  }

  async results(id: string, afterSeq = 0, limit = 100) {
    this.require(id);
    await this.runtime.batcher.flush();
    const rows = await this.prisma.streamEntry.findMany({
      where: { stream: id, seq: { gt: afterSeq } },
      orderBy: { seq: 'asc' },
      take: limit,
    });
    const items = rows.map((row) => ({ seq: row.seq, output: JSON.parse(row.payload) as TRecord }));
    return { items, nextSeq: items.at(-1)?.seq ?? afterSeq };
  }

  async scale(id: string, operatorIndex: number, partitions: number): Promise<void> {
    const pipeline = this.require(id);
    if (!pipeline.plans[operatorIndex]) {
      throw new ActorError('NOT_FOUND', `pipeline "${id}" has no operator ${operatorIndex}`);
    }
    await rescaleOperator(this.runtime, pipeline, operatorIndex, partitions, () =>
      this.saveSpec(pipeline.id, pipeline.spec),
    );
  }

  /** Stops intake, then removes operators' state, results and the spec. */
  async delete(id: string): Promise<void> {
    const pipeline = this.require(id);
    this.stopSimulation(id);
    await pipeline.exclusive(async () => {
      pipeline.status = 'stopped';
      // Every operator instance that ever existed: resident ones and stored ones (old partitions too).
      const prefix = `${id}/`;
      const keys = new Set<string>();
      for (const activation of this.runtime.catalog.values()) {
        if (activation.self.type === OPERATOR_TYPE && activation.self.key.startsWith(prefix))
          keys.add(activation.self.key);
      }
      const stored = await this.prisma.actorState.findMany({
        where: { type: OPERATOR_TYPE, key: { startsWith: prefix } },
        select: { key: true },
      });
      for (const row of stored) keys.add(row.key);
      for (const key of keys) await this.runtime.destroy(OPERATOR_TYPE, key);
      await this.runtime.destroy(SINK_TYPE, id);
      await this.prisma.streamEntry.deleteMany({ where: { stream: id } });
      await this.prisma.pipeline.delete({ where: { id } });
      this.pipelines.delete(id);
    });
  }

  private track(pipeline: LivePipeline): void {
    this.pipelines.set(pipeline.id, pipeline);
    this.runtime.scheduler.setWeight(`pipeline:${pipeline.id}`, pipeline.spec.priority);
  }

  private async saveSpec(id: string, spec: TPipelineSpec): Promise<void> {
    await this.prisma.pipeline.update({
      where: { id },
      data: { spec: JSON.stringify(spec), updatedAt: Date.now() },
    });
  }

  /** Readable ids from the name: `sensor-demo`, then `sensor-demo-2`, ... */
  private async freeId(name: string): Promise<string> {
    const base =
      name
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, '')
        .slice(0, 40) || 'pipeline';
    for (let n = 1; ; n++) {
      const id = n === 1 ? base : `${base}-${n}`;
      if (!this.pipelines.has(id) && !(await this.prisma.pipeline.findUnique({ where: { id } }))) return id;
    }
  }
}
