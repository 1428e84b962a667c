// Heavy stateless operators off the event loop. A turn is never preempted, so a map that costs
// 1 ms per event holds the one event loop of every pipeline for as long as its batch runs; the
// scheduler can only share the loop between turns. Map and filter batches whose cost makes a turn
// expensive therefore run on a small pool of worker threads: the turn posts its batch, awaits the
// outputs and forwards them as usual, and the loop serves other pipelines meanwhile. Per-key order
// and exactly-once are unchanged, since the actor turn (and its commit) still wraps the batch: the
// actor runs nothing else until the outputs are back. The worker runs the same pure runOperator
// (operator-worker.ts); windows and reduces stay on the loop (their state lives in the turn).
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { z } from 'zod';
import { ActorError } from '../runtime/errors.ts';
import { Queue } from '../runtime/queue.ts';
import type { OperatorPlan, SideEntry, TRecord } from './operators.ts';

/**
 * When a batch goes to a worker: a map that declares a cost (`costMs`, a simulated expensive
 * transform), or a map or filter whose measured cost per event is at least OFFLOAD_MIN_EVENT_MS
 * and whose batch would cost at least OFFLOAD_MIN_BATCH_MS. Below 5 µs per event, copying the
 * records to the worker and back (structured clone, ~1-2 µs per small record, on the loop) would
 * cost the loop about as much as running them. Below 1 ms per batch (the turn budget chunking.ts
 * cuts batches to) a turn is as short as any turn on the loop; the bar is also high enough that
 * one GC pause measured into a cheap operator's moving average does not send its batches away.
 */
export const OFFLOAD_MIN_EVENT_MS = 0.005;
export const OFFLOAD_MIN_BATCH_MS = 1;

export function shouldOffload(plan: OperatorPlan, costPerEventMs: number, events: number): boolean {
  const { op } = plan;
  if (op.kind !== 'map' && op.kind !== 'filter') return false;
  if (op.kind === 'map' && (op.config.costMs ?? 0) > 0) return true;
  return costPerEventMs >= OFFLOAD_MIN_EVENT_MS && costPerEventMs * events >= OFFLOAD_MIN_BATCH_MS;
}

/** What a worker sends back for one batch. */
export interface OffloadedBatch {
  out: TRecord[];
  side: SideEntry[];
  /** CPU time of runOperator on the worker (the batch's cost, without queueing or copying). */
  elapsedMs: number;
}

/** What an operator turn needs from the pool. */
export interface OperatorOffload {
  /** A worker has started and can take batches. Until then turns run their batches on the loop. */
  readonly ready: boolean;
  /** Starts the workers in the background (no-op once started, closed or given up). */
  prepare(): void;
  run(group: string, plan: OperatorPlan, records: TRecord[], now: number): Promise<OffloadedBatch>;
}

/** Messages between the pool and a worker (operator-worker.ts). */
export interface WorkerTask {
  id: number;
  plan: OperatorPlan;
  records: TRecord[];
  now: number;
}
export type WorkerReply = { ready: true } | { id: number; error: string } | ({ id: number } & OffloadedBatch);

const ZWorkers = z.coerce.number().int().min(0).max(64, 'TROUPE_OPERATOR_WORKERS is at most 64').optional();

/** The default pool size: one thread per core beside the event loop's, at least one. */
export const defaultWorkerCount = (): number => Math.max(1, availableParallelism() - 1);

/** TROUPE_OPERATOR_WORKERS: a thread count, 0 = off; unset = defaultWorkerCount(). */
export function operatorWorkersFromEnv(env: Record<string, string | undefined> = process.env): number {
  const raw = env.TROUPE_OPERATOR_WORKERS;
  const parsed = ZWorkers.safeParse(raw === '' ? undefined : raw);
  if (!parsed.success) {
    throw new Error(
      `TROUPE_OPERATOR_WORKERS must be an integer from 0 (off) to 64, got ${JSON.stringify(raw)}`,
    );
  }
  return parsed.data ?? defaultWorkerCount();
}

const ENTRY = new URL('./operator-worker-entry.mjs', import.meta.url);
/** Workers that die before finishing any batch this many times in a row: the pool gives up. */
const MAX_STARTUP_FAILURES = 3;

interface Task {
  group: string;
  message: WorkerTask;
  resolve(batch: OffloadedBatch): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  task: Task | null;
  /** Loaded and listening (a death before that counts as a startup failure). */
  ready: boolean;
}

export interface OperatorWorkerStats {
  /** Threads started, and those of them loaded and taking batches. */
  workers: number;
  ready: number;
  batches: number;
  crashes: number;
  queued: number;
}

/**
 * A fixed-size pool of operator threads, started lazily (a process that never offloads starts
 * none). A thread takes a while to start (it loads the TypeScript loader and the engine: most of
 * a second on a busy box), so turns only offload once one is ready and run their batches on the
 * loop meanwhile: starting the pool never stalls a pipeline. Batches queue per scheduling group
 * and are taken round robin across groups, so one saturated pipeline cannot make another one's
 * offloaded batches wait behind its whole backlog. A worker that dies mid-batch fails that batch
 * with a retriable UNAVAILABLE and is replaced at once.
 */
export class OperatorWorkerPool implements OperatorOffload {
  private readonly slots: Slot[] = [];
  private readonly queues = new Map<string, Queue<Task>>();
  /** Groups with queued batches, in round-robin order. */
  private readonly groups = new Queue<string>();
  private nextId = 1;
  private closed = false;
  private startupFailures = 0;
  private readonly stats = { batches: 0, crashes: 0 };

  constructor(
    readonly size: number,
    private readonly entry: URL = ENTRY,
    private readonly onError: (error: Error) => void = (error) =>
      console.error('operator worker failed', error),
  ) {
    if (!Number.isInteger(size) || size < 1)
      throw new Error(`a worker pool needs 1 or more threads, got ${size}`);
  }

  get ready(): boolean {
    return this.usable && this.slots.some((slot) => slot.ready);
  }

  prepare(): void {
    while (this.usable && this.slots.length < this.size) this.spawn();
  }

  /** Not closed, and not given up after workers kept failing to start. */
  private get usable(): boolean {
    return !this.closed && this.startupFailures < MAX_STARTUP_FAILURES;
  }

  run(group: string, plan: OperatorPlan, records: TRecord[], now: number): Promise<OffloadedBatch> {
    if (this.closed) {
      return Promise.reject(
        new ActorError('UNAVAILABLE', 'the operator workers are shut down', { retriable: true }),
      );
    }
    return new Promise((resolve, reject) => {
      const task: Task = { group, message: { id: this.nextId++, plan, records, now }, resolve, reject };
      let queue = this.queues.get(group);
      if (!queue) {
        queue = new Queue();
        this.queues.set(group, queue);
      }
      if (queue.size === 0) this.groups.push(group);
      queue.push(task);
      this.dispatch();
    });
  }

  info(): OperatorWorkerStats {
    let queued = 0;
    for (const queue of this.queues.values()) queued += queue.size;
    const ready = this.slots.filter((slot) => slot.ready).length;
    return { workers: this.slots.length, ready, ...this.stats, queued };
  }

  /** Fault injection (tests, chaos): kills the workers that are running a batch; returns how many. */
  killBusy(): number {
    const busy = this.slots.filter((slot) => slot.task);
    for (const slot of busy) void slot.worker.terminate();
    return busy.length;
  }

  /** Fails queued batches and stops every worker (after the runtime drained its turns). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const gone = new ActorError('UNAVAILABLE', 'the operator workers shut down', { retriable: true });
    for (const queue of this.queues.values()) for (const task of queue.drainAll()) task.reject(gone);
    this.queues.clear();
    const slots = this.slots.splice(0);
    for (const slot of slots) slot.task?.reject(gone);
    await Promise.all(slots.map((slot) => slot.worker.terminate()));
  }

  private dispatch(): void {
    while (this.groups.size > 0 && !this.closed) {
      const slot = this.idleSlot();
      if (!slot) return;
      const group = this.groups.shift()!;
      const queue = this.queues.get(group)!;
      const task = queue.shift()!;
      if (queue.size > 0) this.groups.push(group);
      else this.queues.delete(group);
      slot.task = task;
      slot.worker.ref(); // a batch in flight keeps the process alive; an idle pool does not
      slot.worker.postMessage(task.message);
    }
  }

  /** A ready worker without a batch; starts the pool if it has no worker yet. */
  private idleSlot(): Slot | undefined {
    const idle = this.slots.find((slot) => slot.ready && !slot.task);
    if (!idle) this.prepare();
    return idle;
  }

  private spawn(): Slot {
    const worker = new Worker(this.entry);
    worker.unref();
    const slot: Slot = { worker, task: null, ready: false };
    this.slots.push(slot);
    worker.on('message', (reply: WorkerReply) => this.finished(slot, reply));
    worker.on('error', (error) => this.onError(error));
    worker.on('exit', (code) => this.exited(slot, code));
    return slot;
  }

  private finished(slot: Slot, reply: WorkerReply): void {
    if ('ready' in reply) {
      slot.ready = true;
      this.startupFailures = 0;
      this.dispatch();
      return;
    }
    const task = slot.task;
    if (!task || task.message.id !== reply.id) return;
    slot.task = null;
    slot.worker.unref();
    this.stats.batches++;
    if ('error' in reply) task.reject(new ActorError('ACTION_FAILED', reply.error));
    else task.resolve(reply);
    this.dispatch();
  }

  private exited(slot: Slot, code: number): void {
    const index = this.slots.indexOf(slot);
    if (index < 0) return; // closed: already removed
    this.slots.splice(index, 1);
    if (this.closed) return;
    this.stats.crashes++;
    if (!slot.ready && ++this.startupFailures === MAX_STARTUP_FAILURES) {
      this.onError(
        new Error(
          `operator workers keep failing to start (exit code ${code}): batches run on the event loop`,
        ),
      );
    }
    // The batch's turn fails and rolls back; its caller retries (a publish with a batchId is then
    // applied once). A replacement starts now; batches run on the loop until it is ready.
    slot.task?.reject(
      new ActorError('UNAVAILABLE', `an operator worker stopped (exit code ${code}) mid-batch; retry`, {
        retriable: true,
      }),
    );
    if (this.usable) this.prepare();
    else this.failQueued();
  }

  /** The pool gave up: queued batches fail retriably (their retries run on the event loop). */
  private failQueued(): void {
    const error = new ActorError('UNAVAILABLE', 'operator workers cannot start; retry', { retriable: true });
    for (const queue of this.queues.values()) for (const task of queue.drainAll()) task.reject(error);
    this.queues.clear();
    this.groups.drainAll();
  }
}
