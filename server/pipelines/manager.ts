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
import { OPERATOR_TYPE, operatorKey, parseOperatorKey } from './partition.ts';
import { PipelineHistory } from './pipeline-history.ts';
import { type GroupAdoption, type PipelineHolding, pipelineElsewhere } from './pipeline-holding.ts';
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

/** A pipeline being handed off to another node (cluster mode), while its work in flight drains. */
interface Leaving {
  pipeline: LivePipeline;
  /** Its node became its home again before it left: it stays. */
  cancelled: boolean;
  /** Its actors are flushing out; past this point it cannot stay. */
  closing: boolean;
}

export class PipelineManager implements PipelineLookup {
  private readonly pipelines = new Map<string, LivePipeline>();
  private readonly simulators = new Map<string, SensorSimulator>();
  /** Ids handed out by create but not yet stored. */
  private readonly reserved = new Set<string>();
  /** Cluster mode: pipelines handed off (no longer home here) while their work in flight drains. */
  private readonly leaving = new Map<string, Leaving>();
  /** Loads run one after another: two racing loads of one pipeline would make two live copies. */
  private loads: Promise<unknown> = Promise.resolve();
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
    /** Cluster mode: which node holds (runs) each pipeline (pipeline-holding.ts); none on one node. */
    private readonly holding?: PipelineHolding,
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
    holding?.onAdopt((id) => this.adopt(id));
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

  /** A pipeline this node runs, or is still draining while it hands it off (its turns finish here). */
  find(id: string): LivePipeline | undefined {
    return this.pipelines.get(id) ?? this.leaving.get(id)?.pipeline;
  }

  missing(actor: { type: string; key: string }, message: string): ActorError {
    const id = actor.type === SINK_TYPE ? actor.key : parseOperatorKey(actor.key).pipelineId;
    const holding = this.holding;
    if (!holding || this.find(id)) return new ActorError('NOT_FOUND', message);
    // A stray activation: its pipeline is not held here. It goes (after this turn), so that the node
    // holding the pipeline can claim it; the message follows the pipeline's home as seen from here.
    void this.runtime.deactivate(actor.type, actor.key).catch(() => undefined);
    const home = holding.homeOf(id);
    const owner = home === holding.node ? undefined : home;
    const why = `${message} on node ${holding.node}; retry`;
    return new ActorError('UNAVAILABLE', why, { retriable: true, owner });
  }

  require(id: string): LivePipeline {
    const pipeline = this.pipelines.get(id);
    if (pipeline) return pipeline;
    if (this.holding && this.leaving.has(id)) {
      throw pipelineElsewhere(id, this.holding.homeOf(id), this.holding.node);
    }
    throw new ActorError('NOT_FOUND', `pipeline "${id}" does not exist`);
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
    await Promise.all(await this.loadInTurn(only, false));
  }

  /** Loads one after another (see `loads`); answers the recoveries it started. */
  private loadInTurn(only: (id: string) => boolean, strict: boolean): Promise<Promise<void>[]> {
    const run = this.loads.then(() => this.loadStored(only, strict));
    this.loads = run.catch(() => undefined);
    return run;
  }

  /**
   * Tracks the stored pipelines `only` accepts and starts their recovery (behind their barrier, so
   * nothing runs before it). Cluster mode: only those this node could hold; `strict` rejects with
   * the holder's name instead of skipping one held elsewhere.
   */
  private async loadStored(only: (id: string) => boolean, strict: boolean): Promise<Promise<void>[]> {
    const loaded: LivePipeline[] = [];
    for (const stored of await this.store.loadAll()) {
      if (!only(stored.id) || this.pipelines.has(stored.id)) continue;
      if (this.leaving.has(stored.id)) {
        if (!this.stay(stored.id) && strict) throw this.movingOff(stored.id);
        continue;
      }
      if (this.holding) {
        try {
          await this.holding.hold(stored.id);
        } catch (error) {
          if (strict) throw error;
          continue; // held elsewhere: a call brings it here once that node lets it go
        }
      }
      const pipeline = new LivePipeline(stored.id, stored.spec, stored.status, stored.createdAt);
      pipeline.unappliedRescale = stored.rescale;
      await this.history.load(stored.id);
      this.track(pipeline);
      loaded.push(pipeline);
    }
    return loaded.map((pipeline) =>
      pipeline
        .exclusive(async () => {
          await this.applyUnappliedRescale(pipeline);
          await this.completePending(pipeline);
        })
        // A failure is retried: the rescale by the next publish or scale, a batch by its retry or a rescale.
        .catch((error) => console.error(`pipeline ${pipeline.id}: recovery failed`, error)),
    );
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
    if (!this.holding) {
      if (!this.pipelines.has(id)) await this.load((candidate) => candidate === id);
      return;
    }
    await Promise.all(await this.bringHere(id));
  }

  /**
   * Cluster mode: this node holds and runs `id` once this resolves (with the recoveries it started),
   * or it rejects retriably naming where the pipeline runs (pipelineElsewhere).
   */
  private async bringHere(id: string): Promise<Promise<void>[]> {
    const holding = this.holding!;
    if (this.leaving.has(id) && !this.stay(id)) throw this.movingOff(id);
    if (this.pipelines.has(id)) {
      try {
        await holding.hold(id); // at once while held; after a lapsed lease, claimed again
      } catch (error) {
        this.stopSimulation(id);
        this.pipelines.delete(id); // another node took it over meanwhile: this copy is stale
        throw error;
      }
      return [];
    }
    return this.loadInTurn((candidate) => candidate === id, true);
  }

  /**
   * One of the pipeline's actors is to activate on this node, which does not hold the pipeline
   * (cluster-placement.ts): its home brings it here, unless another node holds it.
   */
  private async adopt(id: string): Promise<GroupAdoption> {
    const holding = this.holding!;
    const known = this.pipelines.has(id) || this.leaving.has(id);
    if (!known && holding.homeOf(id) !== holding.node) return 'elsewhere';
    try {
      // Recovery is not awaited: it may message the very actor whose activation waits for this.
      void Promise.all(await this.bringHere(id));
    } catch {
      return 'elsewhere';
    }
    return this.pipelines.has(id) ? 'held' : 'gone';
  }

  /** A leaving pipeline stays if this node is its home again and its actors are not flushing out yet. */
  private stay(id: string): boolean {
    const leave = this.leaving.get(id);
    const holding = this.holding;
    if (!leave || !holding || leave.closing || holding.homeOf(id) !== holding.node) return false;
    leave.cancelled = true;
    this.leaving.delete(id);
    this.pipelines.set(id, leave.pipeline);
    return true;
  }

  private movingOff(id: string): ActorError {
    return pipelineElsewhere(id, this.holding!.homeOf(id), this.holding!.node);
  }

  /**
   * Cluster mode: hands a pipeline to the node that is its home now, keeping one live copy. Its work
   * in flight finishes here (new calls meet a retriable "runs on ..."); then its actors stop
   * activating here, the resident ones flush and leave, and only then is the claim released for the
   * next node to take (with the actors' own releases, in the same batch or after them).
   */
  private handOff(pipeline: LivePipeline): void {
    const holding = this.holding!;
    const { id } = pipeline;
    const leave: Leaving = { pipeline, cancelled: false, closing: false };
    this.leaving.set(id, leave);
    void pipeline
      .exclusive(async () => {
        if (leave.cancelled) return;
        leave.closing = true;
        holding.close(id);
        const residents = [
          ...this.runtime.residents({ type: OPERATOR_TYPE, keyPrefix: `${id}/` }),
          ...[...this.runtime.residents({ type: SINK_TYPE, keyPrefix: id })].filter((a) => a.key === id),
        ];
        await Promise.allSettled(residents.map((a) => this.runtime.deactivate(a.type, a.key)));
        if (this.leaving.get(id) === leave) this.leaving.delete(id);
        holding.release(id);
      })
      .catch((error) => console.error(`pipeline ${id}: hand-off failed`, error));
  }

  /** Forgets a pipeline here (it runs on another node); stored state is untouched. */
  unload(id: string): void {
    this.stopSimulation(id);
    const pipeline = this.pipelines.get(id);
    this.pipelines.delete(id);
    if (pipeline && this.holding) this.handOff(pipeline);
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
        const ts = this.runtime.clock.now(); // the publish time, on the runtime's (injectable) clock
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
    await applyRescale(
      this.runtime,
      pipeline,
      intent,
      this.rescaleLog(pipeline, `${reason} (completed at start)`),
    );
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
      this.holding?.release(id);
    });
  }

  private track(pipeline: LivePipeline): void {
    this.pipelines.set(pipeline.id, pipeline);
    this.runtime.setGroupWeight(`pipeline:${pipeline.id}`, pipeline.spec.priority);
    this.runtime.setGroupSlo(`pipeline:${pipeline.id}`, pipeline.spec.slo?.p99Ms);
    // A map that declares a cost will offload: start the threads now, not with its first batches.
    if (pipeline.spec.operators.some((op) => op.kind === 'map' && (op.config.costMs ?? 0) > 0)) {
      this.operatorWorkers?.prepare();
    }
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
