// One resident actor: its state, its bounded mailbox and its turns. Turns run strictly one at a
// time in arrival order. A turn that throws is rolled back to the state it started from (kept as
// the JSON of the last committed-or-pending state, which also detects "nothing changed").

import type { Clock } from './clock.ts';
import type { CommitBatcher, PendingBatch } from './commit-batcher.ts';
import type { ActorRefLike, ActorSelf, AnyActorDefinition } from './definition.ts';
import { answerEnvelope, type Envelope, failEnvelope } from './envelope.ts';
import { ActorError, describeError, isActorError } from './errors.ts';
import type { EventBus } from './events.ts';
import type { FacetChain, TurnFacet } from './facets.ts';
import { type AnswerLookup, AnswerMemory, type RecordedAnswer, serializeResult } from './idempotency.ts';
import type { ActivationStatus } from './lifecycle.ts';
import type { RuntimeMetrics } from './metrics.ts';
import { Queue } from './queue.ts';
import type { Runnable } from './scheduler.ts';
import type { ActorConfig, StateWrite } from './storage.ts';
import { TurnContext, type TurnHost } from './turn-context.ts';

export type { ActivationStatus };

export interface ActivationHost {
  readonly clock: Clock;
  readonly bus: EventBus;
  readonly batcher: CommitBatcher;
  readonly metrics: RuntimeMetrics;
  readonly facets: FacetChain;
  readonly maxStateBytes: number;
  ready(activation: Activation): void;
  /** The mailbox went from empty to non-empty: deadlines of queued asks must now be watched. */
  busy(activation: Activation): void;
  /** The actor is running turns: it is now the most recently used (idle collection and the cap go LRU). */
  touched(activation: Activation): void;
  refFor(type: string, key: string): ActorRefLike;
  /** The committed answer to an idempotent invocation of this actor, if there is one. */
  findAnswer(type: string, key: string, idemKey: string): Promise<RecordedAnswer | undefined>;
  /** Storage lost this actor's writes: its memory is ahead of disk and must be reloaded. */
  poisoned(activation: Activation): void;
  /** The state's JSON changed length (the catalog's resident memory estimate follows it). */
  stateResized(activation: Activation, previousLength: number): void;
}

interface RunningTurn {
  envelope: Envelope;
  /** null while the turn waits for its idempotency lookup, before any handler ran. */
  context: TurnContext | null;
  /** performance.now() when the handler started, for the turn's durationMs. */
  startedAt: number;
}

// Shared by every activation without labels or config: an idle actor should cost bytes, not objects.
const NO_LABELS: Record<string, string> = Object.freeze({}) as Record<string, string>;
const NO_CONFIG: ActorConfig = Object.freeze({});

export class Activation implements Runnable, TurnHost {
  status: ActivationStatus = 'activating';
  state: unknown = undefined;
  stateJson = 'null';
  version = 0;
  labels: Record<string, string> = NO_LABELS;
  config: ActorConfig = NO_CONFIG;
  activations = 0;
  lastActiveAt: number;
  /** When the actor failed to activate: the error and when it may retry. */
  failure: { message: string; retryAt: number; attempts: number } | null = null;
  scheduled = false;
  running: RunningTurn | null = null;
  /** The newest batch holding an uncommitted write of this actor; replies wait for it. */
  uncommitted: PendingBatch | null = null;
  readonly self: ActorSelf;
  readonly mailbox: Queue<Envelope>;
  readonly group: string;
  /** Neighbours in the activation table's least-recently-used list. */
  lruPrev: Activation | null = null;
  lruNext: Activation | null = null;
  /** Answers of idempotent invocations (created on the first one). */
  private answers: AnswerMemory | null = null;
  /** The facets acting on this type's turns (shared per type). */
  private readonly facets: readonly TurnFacet[];
  /** Called when a running async turn ends (deactivation waits for it). */
  onTurnEnded: (() => void) | null = null;

  constructor(
    readonly definition: AnyActorDefinition,
    key: string,
    private readonly host: ActivationHost,
  ) {
    this.self = { type: definition.type, key };
    this.mailbox = new Queue(definition.mailboxCapacity ?? 1_000);
    this.group = definition.schedulingGroup?.(key) ?? definition.type;
    this.lastActiveAt = host.clock.now();
    this.facets = host.facets.for(definition);
  }

  // TurnHost: what a TurnContext reaches through (the activation itself, no per-actor closures).
  now(): number {
    return this.host.clock.now();
  }

  hasAction(action: string): boolean {
    return Object.hasOwn(this.definition.actions, action);
  }

  refFor(type: string, key: string): ActorRefLike {
    return this.host.refFor(type, key);
  }

  get idleTimeoutMs(): number {
    return this.config.idleTimeoutMs ?? this.definition.idleTimeoutMs ?? 30_000;
  }

  get isIdle(): boolean {
    return this.status === 'active' && !this.running && this.mailbox.size === 0 && !this.scheduled;
  }

  /** Queues a message; a full mailbox rejects it at once (backpressure, never unbounded growth). */
  enqueue(envelope: Envelope): void {
    if (!this.mailbox.push(envelope)) {
      this.host.metrics.rejectedOverloaded++;
      const { type, key } = this.self;
      failEnvelope(envelope, new ActorError('OVERLOADED', `mailbox of ${type}/${key} is full`));
      return;
    }
    if (this.mailbox.size === 1) this.host.busy(this);
    if (this.status !== 'active') return;
    if (envelope.idempotencyKey) this.lookUpAnswer(envelope);
    if (!this.running) this.host.ready(this);
  }

  /** Starts the lookups of keyed messages queued while the actor was loading (it is active now). */
  prefetchAnswers(): void {
    for (const envelope of this.mailbox) if (envelope.idempotencyKey) this.lookUpAnswer(envelope);
  }

  /**
   * Asks storage, ahead of the message's turn, whether its invocation was already answered. Started
   * only once this activation is active, i.e. after every earlier activation of the actor flushed.
   */
  private lookUpAnswer(envelope: Envelope): AnswerLookup {
    const lookup: AnswerLookup = {
      owner: this,
      forgottenAtStart: this.answers?.forgotten ?? 0,
      done: false,
      answer: undefined,
      error: undefined,
      finished: Promise.resolve(),
    };
    const { type, key } = this.self;
    lookup.finished = this.host.findAnswer(type, key, envelope.idempotencyKey!).then(
      (answer) => {
        lookup.answer = answer;
        lookup.done = true;
      },
      (error: unknown) => {
        lookup.error = new ActorError('UNAVAILABLE', `idempotency lookup failed: ${describeError(error)}`);
        lookup.done = true;
      },
    );
    envelope.lookup = lookup;
    return lookup;
  }

  /**
   * Runs up to `maxTurns` queued turns, stopping once `until` (performance.now()) has passed so one
   * actor with a deep mailbox of expensive turns cannot hold the event loop beyond its slice.
   */
  runTurns(maxTurns: number, until = Number.POSITIVE_INFINITY): boolean {
    const now = this.host.clock.now();
    this.lastActiveAt = now;
    this.host.touched(this);
    for (let i = 0; i < maxTurns; i++) {
      if (this.status !== 'active' || this.running) return false;
      const envelope = this.mailbox.shift();
      if (!envelope) return false;
      this.process(envelope, now);
      if (performance.now() >= until) break;
    }
    return this.status === 'active' && !this.running && this.mailbox.size > 0;
  }

  private process(envelope: Envelope, now: number): void {
    if (envelope.settled) return; // timed out while queued: never run it
    // Past its deadline but not yet swept (sweeps are 100 ms apart): the caller must not see a
    // late result, and the actor must not act on a request its caller has given up on.
    if (envelope.deadline <= now) {
      this.expire(envelope);
      return;
    }
    if (envelope.idempotencyKey && this.settledAsDuplicate(envelope)) return;
    this.runTurn(envelope);
  }

  /**
   * Decides a keyed message before its turn: true when it needs no turn now, because it repeats an
   * answered invocation (answered again, nothing applied) or because its storage lookup is still
   * pending (the actor waits for it: turns stay in arrival order).
   */
  private settledAsDuplicate(envelope: Envelope): boolean {
    const remembered = this.answers?.get(envelope.idempotencyKey!);
    if (remembered) {
      this.release(envelope, () => answerEnvelope(envelope, remembered.result, remembered.version));
      return true;
    }
    let lookup = envelope.lookup;
    // A lookup begun by another activation, or before memory forgot a committed answer, may have
    // missed that answer: only a lookup begun since then can say "never answered".
    if (!lookup || lookup.owner !== this || lookup.forgottenAtStart !== (this.answers?.forgotten ?? 0)) {
      lookup = this.lookUpAnswer(envelope);
    }
    if (!lookup.done) {
      this.awaitLookup(envelope, lookup);
      return true;
    }
    if (lookup.error) {
      failEnvelope(envelope, lookup.error);
      return true;
    }
    const stored = lookup.answer;
    if (!stored) return false;
    answerEnvelope(envelope, stored.result, stored.version);
    return true;
  }

  private awaitLookup(envelope: Envelope, lookup: AnswerLookup): void {
    const waiting: RunningTurn = { envelope, context: null, startedAt: performance.now() };
    this.running = waiting;
    void lookup.finished.then(() => {
      if (this.running !== waiting) return; // abandoned meanwhile (deadline, destroy, shutdown)
      this.running = null;
      this.process(envelope, this.host.clock.now());
      if (!this.running) this.afterRunningTurn();
    });
  }

  /** Fails a queued ask whose deadline passed before its turn came. */
  expire(envelope: Envelope): void {
    this.host.metrics.timeouts++;
    const { type, key } = this.self;
    const message = `${type}/${key} did not answer ${envelope.action} in time (still queued)`;
    failEnvelope(envelope, new ActorError('TIMEOUT', message));
  }

  /** Starts one turn; completes synchronously unless the handler returns a promise. */
  private runTurn(envelope: Envelope): void {
    const context = new TurnContext(this);
    const startedAt = performance.now();
    let outcome: unknown;
    try {
      outcome = this.invoke(context, envelope);
    } catch (error) {
      this.finishTurn(context, envelope, startedAt, undefined, error);
      return;
    }
    if (!isThenable(outcome)) {
      this.finishTurn(context, envelope, startedAt, outcome, undefined);
      return;
    }
    const running: RunningTurn = { envelope, context, startedAt };
    this.running = running;
    outcome.then(
      (result) => this.completeAsync(running, result, undefined),
      (error) => this.completeAsync(running, undefined, error ?? new Error('handler rejected')),
    );
  }

  private completeAsync(running: RunningTurn, result: unknown, error: unknown): void {
    if (this.running !== running) return; // abandoned after its deadline; outcome ignored
    this.running = null;
    this.finishTurn(running.context!, running.envelope, running.startedAt, result, error);
    this.afterRunningTurn();
  }

  private afterRunningTurn(): void {
    const ended = this.onTurnEnded;
    this.onTurnEnded = null;
    ended?.();
    if (this.mailbox.size > 0 && this.status === 'active') this.host.ready(this);
  }

  /**
   * A turn hung past its deadline (or its actor was destroyed): fail the caller, roll back and let
   * the next message run. The handler's late outcome is ignored and its context is inert.
   */
  abandonRunningTurn(error?: ActorError): void {
    const running = this.running;
    if (!running) return;
    this.running = null;
    const { type, key } = this.self;
    const failure =
      error ?? new ActorError('TIMEOUT', `${type}/${key} ${running.envelope.action} did not finish in time`);
    if (running.context)
      this.finishTurn(running.context, running.envelope, running.startedAt, undefined, failure);
    else failEnvelope(running.envelope, failure); // still waiting for its lookup: nothing ran
    this.afterRunningTurn();
  }

  private invoke(context: TurnContext, envelope: Envelope): unknown {
    const { definition } = this;
    if (envelope.kind === 'alarm' && definition.onAlarm) {
      const attempt = envelope.alarm?.attempt ?? 1;
      return definition.onAlarm(context, { action: envelope.action, args: envelope.args, attempt });
    }
    // Own properties only: an action named "constructor" or "__proto__" is not an action.
    const action = Object.hasOwn(definition.actions, envelope.action)
      ? definition.actions[envelope.action]
      : undefined;
    if (!action) throw new ActorError('NOT_FOUND', `${definition.type} has no action "${envelope.action}"`);
    return action.handler(context, envelope.args);
  }

  private finishTurn(
    context: TurnContext,
    envelope: Envelope,
    startedAt: number,
    result: unknown,
    thrown: unknown,
  ): void {
    context.end();
    let error = thrown;
    let json = this.stateJson;
    if (error === undefined) {
      try {
        json = this.serializeState();
      } catch (serializeError) {
        error = serializeError;
      }
    }
    const metrics = this.host.metrics;
    metrics.turnsTotal++;
    const durationMs = performance.now() - startedAt;
    if (error !== undefined) {
      metrics.turnsFailed++;
      this.state = JSON.parse(this.stateJson); // roll back to the start of the turn
      const failure = isActorError(error) ? error : new ActorError('ACTION_FAILED', describeError(error));
      this.afterTurn(envelope, false, undefined, failure.message, false, durationMs);
      this.release(envelope, () => failEnvelope(envelope, failure));
      return;
    }
    const changed = json !== this.stateJson;
    if (changed) {
      this.version++;
      this.replaceStateJson(json);
      this.markUncommitted(this.host.batcher.writeState(this.stateWrite()));
    }
    this.stageEffects(context, envelope);
    if (envelope.idempotencyKey) this.recordAnswer(envelope.idempotencyKey, result);
    this.afterTurn(envelope, true, result, null, changed, durationMs);
    const version = this.version;
    const broadcasts = context.broadcasts;
    if (!this.uncommitted && !broadcasts) {
      answerEnvelope(envelope, result, version); // nothing pending: no closure, no wait
      return;
    }
    this.release(envelope, () => {
      if (broadcasts) this.publish(broadcasts);
      answerEnvelope(envelope, result, version);
    });
  }

  /**
   * Runs onActivate/onDeactivate like a turn: state changes and alarms commit, a throw rolls back
   * and is rethrown to the caller (the catalog decides what failure means).
   */
  async runHook(hook: ((ctx: TurnContext) => unknown) | undefined, forceWrite: boolean): Promise<void> {
    if (hook) {
      const context = new TurnContext(this);
      try {
        await hook(context);
      } catch (error) {
        context.end();
        this.state = JSON.parse(this.stateJson);
        throw error;
      }
      context.end();
      this.assertNotDiscarded();
      const json = this.serializeState();
      if (json !== this.stateJson) {
        this.version++;
        this.replaceStateJson(json);
        forceWrite = true;
      }
      this.stageEffects(context);
    }
    this.assertNotDiscarded();
    if (forceWrite) this.markUncommitted(this.host.batcher.writeState(this.stateWrite()));
  }

  private replaceStateJson(json: string): void {
    const previousLength = this.stateJson.length;
    this.stateJson = json;
    if (json.length !== previousLength) this.host.stateResized(this, previousLength);
  }

  /** A hook that outlived its activation (destroyed meanwhile) must not write anything back. */
  private assertNotDiscarded(): void {
    if (this.status !== 'inactive') return;
    throw new ActorError('NOT_FOUND', `${this.self.type}/${this.self.key} was destroyed`);
  }

  /** Commits the answer with the turn, so a retry after a crash finds it exactly when the turn is durable. */
  private recordAnswer(idemKey: string, result: unknown): void {
    this.answers ??= new AnswerMemory();
    const answers = this.answers;
    answers.remember(idemKey, { result, version: this.version });
    const pending = this.host.batcher.current();
    pending.waiters.push((error) => {
      if (!error) answers.committed(idemKey);
    });
    const { type, key } = this.self;
    const at = this.host.clock.now();
    pending.batch.idempotency.push({
      type,
      key,
      idemKey,
      result: serializeResult(result),
      version: this.version,
      at,
    });
    this.markUncommitted(pending);
  }

  /**
   * Alarms and stream appends of the turn, and the deletion of the alarm that fired it, commit in
   * the same batch as its state.
   */
  private stageEffects(context: TurnContext, envelope?: Envelope): void {
    if (!context.alarms && !context.appends && !context.trims && !envelope?.alarm) return;
    const { batch } = this.host.batcher.current();
    if (context.alarms) for (const alarm of context.alarms) batch.alarmsAdded.push(alarm);
    if (context.appends) for (const entry of context.appends) batch.streamAppends.push(entry);
    if (context.trims) for (const trim of context.trims) batch.streamTrims.push(trim);
    if (envelope?.alarm) batch.alarmsDeleted.push(envelope.alarm.id);
    this.markUncommitted(this.host.batcher.current());
  }

  private afterTurn(
    envelope: Envelope,
    ok: boolean,
    result: unknown,
    error: string | null,
    stateChanged: boolean,
    durationMs: number,
  ): void {
    const { facets } = this;
    const { bus, batcher } = this.host;
    if (facets.length === 0 && !bus.active) return;
    const at = this.host.clock.now();
    const { type, key } = this.self;
    if (facets.length > 0) {
      const record = {
        type,
        key,
        definition: this.definition,
        action: envelope.action,
        args: envelope.args,
        ok,
        result,
        error,
        version: this.version,
        stateJson: this.stateJson,
        stateChanged,
        durationMs,
        at,
      };
      for (const facet of facets) facet.afterTurn(record, batcher);
    }
    if (bus.active) {
      const version = this.version;
      bus.emit({
        kind: 'turn',
        type,
        key,
        action: envelope.action,
        ok,
        version,
        durationMs,
        at,
        error: error ?? undefined,
      });
    }
  }

  /**
   * The output gate: `output` runs once every write of this actor so far is committed. If the
   * commit fails, nothing of the turn is durable and the caller must not believe otherwise.
   */
  release(envelope: Envelope, output: () => void): void {
    const pending = this.uncommitted;
    if (!pending) {
      output();
      return;
    }
    pending.waiters.push((error) => {
      if (!error) {
        output();
        return;
      }
      const lost = new ActorError(
        'UNAVAILABLE',
        `storage failed; the turn was not committed: ${error.message}`,
      );
      failEnvelope(envelope, lost);
    });
  }

  markUncommitted(pending: PendingBatch): void {
    if (this.uncommitted === pending) return;
    this.uncommitted = pending;
    pending.waiters.push((error) => {
      if (this.uncommitted === pending) this.uncommitted = null;
      if (error) this.host.poisoned(this);
    });
  }

  stateWrite(): StateWrite {
    const { type, key } = this.self;
    const at = this.host.clock.now();
    return {
      type,
      key,
      state: this.stateJson,
      version: this.version,
      labels: this.labels,
      config: this.config,
      activations: this.activations,
      lastActiveAt: this.lastActiveAt,
      at,
    };
  }

  serializeState(): string {
    const json = JSON.stringify(this.state);
    if (json === undefined)
      throw new ActorError('ACTION_FAILED', 'actor state must be JSON-serializable data');
    if (json.length > this.host.maxStateBytes) {
      const { type, key } = this.self;
      throw new ActorError(
        'PAYLOAD_TOO_LARGE',
        `state of ${type}/${key} exceeds ${this.host.maxStateBytes} bytes`,
      );
    }
    return json;
  }

  private publish(broadcasts: { event: string; payload: unknown }[]): void {
    const { bus, clock } = this.host;
    if (!bus.active) return;
    const { type, key } = this.self;
    for (const b of broadcasts)
      bus.emit({ kind: 'broadcast', type, key, event: b.event, payload: b.payload, at: clock.now() });
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function';
}
