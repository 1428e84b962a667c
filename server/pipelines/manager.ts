// The pipeline engine's entry point: creates, runs, rescales and deletes pipelines whose operators
// are virtual actors on the shared runtime. Specs live in SQLite (Prisma); results are the sink's
// durable stream. Publishing is admitted only when every first-stage partition has mailbox room,
// so a batch is accepted whole or rejected whole (TOO_MANY_REQUESTS), never half-processed.
import { ActorError } from '../runtime/errors.ts';
import type { Runtime } from '../runtime/runtime.ts';
import type { createPrismaClient } from '../storage/prisma.ts';
import { clampToAutoscale } from './autoscale-spec.ts';
import { Autoscaler, readOperator } from './autoscaler.ts';
import { BatchLedger } from './batch-ledger.ts';
import { KeyedIntake, type PublishOutcome } from './keyed-intake.ts';
import { LivePipeline } from './live-pipeline.ts';
import { createOperatorActor, SINK_TYPE } from './operator-actor.ts';
import type { OperatorOffload } from './operator-workers.ts';
import type { TRecord } from './operators.ts';
import { OPERATOR_TYPE, operatorKey } from './partition.ts';
import { PipelineHistory } from './pipeline-history.ts';
import { PipelineStore } from './pipeline-store.ts';
import { type PipelineLookup, preciseNow } from './pipeline-view.ts';
import { applyRescale, type RescaleIntent, type RescaleLog, rescaleOperator } from './rescale.ts';
import { groupByPartition, type RefFor, sendToStage } from './routing.ts';
import { SensorSimulator, type SimulationOptions } from './simulator.ts';
import { createSinkActor } from './sink-actor.ts';
import {
  mayRunParallelWithoutKey,
  type TPipelineSpecInput,
  type TSensorEvent,
  ZPipelineSpecSchema,
} from './spec.ts';
import type { PipelineStream } from './streams.ts';
import { summarizePipeline } from './summarize-pipeline.ts';

/** A rescale intent as the manager logs it: with why it happens, for the history entry. */
type LoggedIntent = RescaleIntent & { reason?: string };

/** Done entries of the batch ledger older than its TTL are deleted this often. */
const LEDGER_PRUNE_EVERY_MS = 10 * 60_000;

type Prisma = ReturnType<typeof createPrismaClient>;

export class PipelineManager implements PipelineLookup {
  private readonly pipelines = new Map<string, LivePipeline>();
  private readonly simulators = new Map<string, SensorSimulator>();
  /** Ids handed out by create but not yet stored. */
  private readonly reserved = new Set<string>();
  private readonly store: PipelineStore;
  private readonly ledger: BatchLedger;
  private readonly intake: KeyedIntake;
  private readonly rateTimer: NodeJS.Timeout;
  private readonly pruneTimer: NodeJS.Timeout;
  private readonly history: PipelineHistory;
  /** Self-scaling of operators with an `autoscale` option (autoscaler.ts); timings tunable by tests. */
  readonly autoscaler: Autoscaler;
  /** Threads for expensive map and filter batches (operator-workers.ts), set by startTroupe; none: all on the loop. */
  operatorWorkers: OperatorOffload | undefined;

  constructor(
    private readonly runtime: Runtime,
    prisma: Prisma,
  ) {
    this.store = new PipelineStore(prisma);
    this.history = new PipelineHistory(prisma);
    this.autoscaler = new Autoscaler(
      {
        pipelines: () => this.pipelines.values(),
        read: (id, index, partitions) => readOperator(runtime, this.require(id), index, partitions),
        scale: (id, index, partitions, reason) => this.scale(id, index, partitions, reason),
      },
      {
        onError: (error, id) => {
          if (this.pipelines.has(id)) console.error(`pipeline ${id}: autoscale failed`, error);
        },
      },
    );
    this.autoscaler.start();
    this.ledger = new BatchLedger(prisma);
    this.intake = new KeyedIntake(this.ledger);
    runtime.registry.register(createOperatorActor(this, () => this.operatorWorkers));
    runtime.registry.register(createSinkActor(this));
    this.rateTimer = setInterval(() => {
      const now = Date.now();
      for (const pipeline of this.pipelines.values()) pipeline.stats.sampleRates(now);
    }, 1000);
    this.rateTimer.unref();
    this.pruneTimer = setInterval(() => {
      this.ledger.prune().catch((error) => console.error('pipeline batch ledger prune failed', error));
    }, LEDGER_PRUNE_EVERY_MS);
    this.pruneTimer.unref();
  }

  summarize(id: string) {
    const simulation = this.simulators.get(id)?.info ?? null;
    return summarizePipeline(this.runtime, this.require(id), simulation, this.history.list(id));
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
    clearInterval(this.pruneTimer);
    this.autoscaler.stop();
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

  /**
   * Loads every stored pipeline (at boot, before anything is accepted) and recovers what a crash
   * interrupted: a rescale whose intent is durable is applied again, then pending exactly-once
   * batches are re-driven under the partitioning they were first run with.
   */
  async load(only: (id: string) => boolean = () => true): Promise<void> {
    const loaded: LivePipeline[] = [];
    for (const stored of await this.store.loadAll()) {
      if (!only(stored.id) || this.pipelines.has(stored.id)) continue;
      const pipeline = new LivePipeline(stored.id, stored.spec, stored.status, stored.createdAt);
      pipeline.unappliedRescale = stored.rescale;
      await this.history.load(stored.id);
      this.track(pipeline);
      loaded.push(pipeline);
    }
    for (const pipeline of loaded) {
      const recover = pipeline.exclusive(async () => {
        await this.applyUnappliedRescale(pipeline);
        await this.completePending(pipeline);
      });
      // A failure is retried: the rescale by the next publish or scale, a batch by its retry or a rescale.
      await recover.catch((error) => console.error(`pipeline ${pipeline.id}: recovery failed`, error));
    }
  }

  /**
   * Cluster mode: a pipeline runs on one node, its home (server/cluster places its operators there
   * too). Unloads the pipelines this node is no longer home for (their simulators stop) and loads
   * the stored ones it now is home for, with load()'s recovery. At start and on membership changes.
   */
  async rehome(isHome: (id: string) => boolean): Promise<void> {
    for (const id of [...this.pipelines.keys()]) if (!isHome(id)) this.unload(id);
    await this.load(isHome);
  }

  /** Loads a stored pipeline this node does not hold yet (a call reached its home); no-op if absent. */
  async ensureLoaded(id: string): Promise<void> {
    if (!this.pipelines.has(id)) await this.load((candidate) => candidate === id);
  }

  /** Forgets a pipeline here (it runs on another node); stored state is untouched. */
  unload(id: string): void {
    this.stopSimulation(id);
    this.pipelines.delete(id);
    this.history.forget(id);
  }

  /** Every stored pipeline's id, oldest first (a cluster node lists the others' too). */
  async storedIds(): Promise<string[]> {
    return (await this.store.loadAll()).map((stored) => stored.id);
  }

  async create(input: TPipelineSpecInput): Promise<{ id: string }> {
    const spec = ZPipelineSpecSchema.parse(input);
    for (const op of spec.operators) op.partitions = clampToAutoscale(op.partitions, op.autoscale);
    const id = await this.reserveId(spec.name);
    const now = Date.now();
    try {
      await this.store.insert(id, spec, now);
      this.history.startEmpty(id);
      this.track(new LivePipeline(id, spec, 'running', now));
      await this.history.append(id, { at: now, kind: 'created' });
    } finally {
      this.reserved.delete(id);
    }
    return { id };
  }

  async setStatus(id: string, status: 'running' | 'stopped'): Promise<void> {
    const pipeline = this.require(id);
    if (status === 'stopped') this.stopSimulation(id);
    if (pipeline.status === status) return;
    pipeline.status = status;
    await this.store.setStatus(id, status);
    await this.history.append(id, { at: Date.now(), kind: status === 'running' ? 'started' : 'stopped' });
  }

  /**
   * Runs events through the pipeline; resolves once every stage has processed them. With a
   * `batchId` the publish is exactly-once, decided by the pipeline's ingress ledger (keyed-intake.ts):
   * a retry answers the batch's events as `duplicates`, also after a rescale or a restart.
   */
  async publish(id: string, events: TSensorEvent[], batchId?: string): Promise<PublishOutcome> {
    const pipeline = this.require(id);
    if (pipeline.status !== 'running') {
      throw new ActorError('PRECONDITION_FAILED', `pipeline "${id}" is stopped; start it to publish`);
    }
    if (events.length === 0) return { accepted: 0, duplicates: 0 };
    await this.settle(pipeline);
    return pipeline.admit(async () => {
      const fresh = () => {
        const ts = Math.round(preciseNow());
        const records = events.map(
          // Named fields travel with the event (validated at the edge: names are never prototype keys).
          (e): TRecord => ({ ...e, ts: e.ts ?? ts }),
        );
        this.assertRoom(pipeline, [...groupByPartition(pipeline, 0, records).keys()], records.length);
        pipeline.stats.published += records.length;
        return records;
      };
      const drive = (records: TRecord[]) => this.sendToFirstStage(pipeline, records, batchId);
      if (batchId !== undefined) return this.intake.publish(id, batchId, events, { fresh, drive });
      const records = fresh();
      await drive(records);
      return { accepted: records.length, duplicates: 0 };
    });
  }

  private assertRoom(pipeline: LivePipeline, partitions: number[], count: number): void {
    for (const partition of partitions) {
      if (!this.runtime.hasRoom(OPERATOR_TYPE, operatorKey(pipeline.id, 0, partition))) {
        pipeline.stats.rejected += count;
        throw new ActorError('OVERLOADED', `pipeline "${pipeline.id}" is at capacity; retry with backoff`);
      }
    }
  }

  /**
   * Closes every key of every operator, stage by stage (a watermark at +infinity for what is open
   * now): open time windows fire, incomplete count windows are emitted where emitPartial says so.
   */
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

  async results(id: string, afterSeq = 0, limit = 100, stream: PipelineStream = 'results') {
    this.require(id);
    await this.runtime.flush();
    const items = await this.store.readResults(id, afterSeq, limit, stream);
    return { items, nextSeq: items.at(-1)?.seq ?? afterSeq };
  }

  /** The newest `limit` results, oldest first (a live view's history when it opens). */
  async recentResults(id: string, limit: number) {
    this.require(id);
    await this.runtime.flush();
    return this.store.readLatestResults(id, limit);
  }

  /**
   * Rescales an operator. Without `reason` the call is manual: an autoscaled operator then only
   * takes a count within its [min, max] (the autoscaler carries on from it after a cooldown).
   */
  async scale(id: string, operatorIndex: number, partitions: number, reason?: string): Promise<void> {
    const pipeline = this.require(id);
    if (!pipeline.plans[operatorIndex]) {
      throw new ActorError('NOT_FOUND', `pipeline "${id}" has no operator ${operatorIndex}`);
    }
    const bounds = pipeline.spec.operators[operatorIndex]!.autoscale;
    if (reason === undefined && bounds && (partitions < bounds.min || partitions > bounds.max)) {
      throw new ActorError(
        'BAD_INPUT',
        `operator ${operatorIndex} of pipeline "${id}" autoscales within [${bounds.min}, ${bounds.max}] partitions: scale it within those bounds`,
      );
    }
    if (
      partitions > 1 &&
      pipeline.spec.keyBy === null &&
      !mayRunParallelWithoutKey(pipeline.spec.operators, operatorIndex)
    ) {
      throw new ActorError(
        'BAD_INPUT',
        `pipeline "${id}" has keyBy null: operator ${operatorIndex} runs on one partition (a window at or after it needs one arrival order)`,
      );
    }
    await this.settle(pipeline);
    await pipeline.exclusive(async () => {
      // Hop keys of a pending batch are only valid under the partitioning it started with.
      await this.completePending(pipeline);
      const log = this.rescaleLog(pipeline, reason ?? 'manual');
      await rescaleOperator(this.runtime, pipeline, operatorIndex, partitions, log);
    });
  }

  /** Finishes a rescale whose application was interrupted before anything else runs. */
  private async settle(pipeline: LivePipeline): Promise<void> {
    if (pipeline.unappliedRescale) await pipeline.exclusive(() => this.applyUnappliedRescale(pipeline));
  }

  private async applyUnappliedRescale(pipeline: LivePipeline): Promise<void> {
    const intent = pipeline.unappliedRescale;
    if (!intent) return;
    const reason = (intent as LoggedIntent).reason ?? 'manual';
    const log = this.rescaleLog(pipeline, `${reason} (completed at start)`);
    await applyRescale(this.runtime, pipeline, intent, log);
  }

  private async completePending(pipeline: LivePipeline): Promise<void> {
    await this.intake.completePending(pipeline.id, (batchId, records) =>
      this.sendToFirstStage(pipeline, records, batchId),
    );
  }

  private sendToFirstStage(pipeline: LivePipeline, records: TRecord[], batchId?: string): Promise<void> {
    const groups = groupByPartition(pipeline, 0, records);
    return sendToStage(this.refFor, pipeline, 0, groups, preciseNow(), batchId);
  }

  private readonly refFor: RefFor = (type, key) => this.runtime.get(type, key);

  /** The rescale's redo log; its commit also writes the `scaled` history entry, in one transaction. */
  private rescaleLog(pipeline: LivePipeline, reason: string): RescaleLog {
    return {
      begin: async (intent) => {
        const logged: LoggedIntent = { ...intent, reason };
        pipeline.unappliedRescale = logged;
        await this.store.beginRescale(pipeline.id, logged);
      },
      commit: async () => {
        const { operatorIndex: operator, from, to } = pipeline.unappliedRescale!;
        const entry = { at: Date.now(), kind: 'scaled' as const, operator, from, to, reason };
        await this.store.commitRescale(pipeline.id, pipeline.spec, [this.history.write(pipeline.id, entry)]);
        pipeline.unappliedRescale = null;
        await this.history.appended(pipeline.id, entry);
      },
    };
  }

  /** Stops intake, then removes operators' state, results and the spec. */
  async delete(id: string): Promise<void> {
    const pipeline = this.require(id);
    this.stopSimulation(id);
    await pipeline.exclusive(async () => {
      pipeline.status = 'stopped';
      // Every operator instance that ever existed: resident ones and stored ones (old partitions too).
      const keys = new Set(await this.store.storedOperatorKeys(id));
      for (const resident of this.runtime.residents({ type: OPERATOR_TYPE, keyPrefix: `${id}/` })) {
        keys.add(resident.key);
      }
      for (const key of keys) await this.runtime.destroy(OPERATOR_TYPE, key);
      await this.runtime.destroy(SINK_TYPE, id);
      await this.ledger.remove(id);
      await this.store.remove(id);
      await this.history.remove(id);
      this.pipelines.delete(id);
    });
  }

  private track(pipeline: LivePipeline): void {
    this.pipelines.set(pipeline.id, pipeline);
    this.runtime.setGroupWeight(`pipeline:${pipeline.id}`, pipeline.spec.priority);
    this.runtime.setGroupSlo(`pipeline:${pipeline.id}`, pipeline.spec.slo?.p99Ms);
  }

  /**
   * Readable ids from the name: `sensor-demo`, then `sensor-demo-2`, ... Two creates with one name,
   * even concurrent ones, get distinct ids: a candidate is reserved before any await.
   */
  private async reserveId(name: string): Promise<string> {
    const base =
      name
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, '')
        .slice(0, 40) || 'pipeline';
    for (let n = 1; ; n++) {
      const id = n === 1 ? base : `${base}-${n}`;
      if (this.pipelines.has(id) || this.reserved.has(id)) continue;
      this.reserved.add(id);
      if (!(await this.store.exists(id))) return id;
      this.reserved.delete(id);
    }
  }
}
