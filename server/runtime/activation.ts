// One resident actor: its state, its bounded mailbox and its turns. Turns run strictly one at a
// time in arrival order. A turn that throws is rolled back to the state it started from (kept as
// the JSON of the last committed-or-pending state, which also detects "nothing changed").

import type { ActivationHost, RunningTurn } from './activation-host.ts';
import type { ResolvedFacets } from './actor-facets.ts';
import { NO_CONFIG, NO_LABELS, serializeState, stateWriteOf } from './actor-state.ts';
import type { PendingBatch } from './commit-batcher.ts';
import type { ActorRefLike, ActorSelf, AnyActorDefinition } from './definition.ts';
import { answerEnvelope, type Envelope, expireQueued, failEnvelope } from './envelope.ts';
import { ActorError, describeError, isActorError } from './errors.ts';
import { resolveFacets } from './facet-resolution.ts';
import type { TurnFacet } from './facets.ts';
import type { AnswerLookup } from './idempotency.ts';
import { KeyedGate } from './keyed-gate.ts';
import type { ActivationStatus } from './lifecycle.ts';
import { type GatedActor, holdOutputs, releaseOutput } from './output-gate.ts';
import { Queue } from './queue.ts';
import type { Runnable } from './scheduler.ts';
import type { ActorConfig } from './storage.ts';
import { TurnContext, type TurnHost } from './turn-context.ts';
import { stageEffects } from './turn-effects.ts';
import { isThenable, runHandler } from './turn-handler.ts';
import { publishBroadcasts, reportTurn } from './turn-report.ts';

export type { ActivationHost, ActivationStatus };

export class Activation implements Runnable, TurnHost, GatedActor {
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
  /** The newest batch holding an uncommitted write of this actor; replies wait for it (output-gate.ts). */
  uncommitted: PendingBatch | null = null;
  readonly self: ActorSelf;
  readonly mailbox: Queue<Envelope>;
  readonly group: string;
  /** Neighbours in the activation table's least-recently-used list. */
  lruPrev: Activation | null = null;
  lruNext: Activation | null = null;
  /** Decides keyed (idempotent) messages; created with the first one. */
  private keyed: KeyedGate | null = null;
  /** The facets acting on this type's turns (shared per type). */
  private readonly facets: readonly TurnFacet[];
  /** What the type is made of: durable, virtual, alarms... (resolved once per type). */
  readonly traits: ResolvedFacets;
  /** Its type was redeployed while it loaded: deactivate it as soon as it is active. */
  retiring = false;
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
    this.traits = resolveFacets(definition);
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
    return this.config.idleTimeoutMs ?? this.traits.idleTimeoutMs;
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
    if (envelope.idempotencyKey) this.keyedGate().prefetch(envelope);
    if (!this.running) this.host.ready(this);
  }

  /** Starts the lookups of keyed messages queued while the actor was loading (it is active now). */
  prefetchAnswers(): void {
    for (const envelope of this.mailbox) if (envelope.idempotencyKey) this.keyedGate().prefetch(envelope);
  }

  private keyedGate(): KeyedGate {
    this.keyed ??= new KeyedGate(this, this.host, this.traits.durable);
    return this.keyed;
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
      this.host.metrics.timeouts++;
      expireQueued(envelope, this.self);
      return;
    }
    if (envelope.idempotencyKey) {
      const decision = this.keyedGate().decide(envelope);
      if (decision === 'settled') return;
      if (decision !== 'run') {
        this.awaitLookup(envelope, decision);
        return;
      }
    }
    this.runTurn(envelope);
  }

  /** The lookup decides whether the message runs: the actor waits (turns stay in arrival order). */
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

  /** Starts one turn; completes synchronously unless the handler returns a promise. */
  private runTurn(envelope: Envelope): void {
    const context = new TurnContext(this);
    const startedAt = performance.now();
    let outcome: unknown;
    try {
      outcome = runHandler(this.definition, this.traits, context, envelope);
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
      const { host, facets } = this;
      reportTurn(host, facets, this, envelope, false, undefined, failure.message, false, durationMs);
      releaseOutput(this, envelope, () => failEnvelope(envelope, failure));
      return;
    }
    const changed = json !== this.stateJson;
    if (changed) this.acceptState(json);
    this.stageEffects(context, envelope);
    if (envelope.idempotencyKey)
      this.keyedGate().record(envelope.idempotencyKey, result, this.version, this.host.clock.now());
    const { host, facets } = this;
    const alarmsScheduled = context.alarms !== null;
    reportTurn(host, facets, this, envelope, true, result, null, changed, durationMs, alarmsScheduled);
    const version = this.version;
    const broadcasts = context.broadcasts;
    if (!this.uncommitted && !broadcasts) {
      answerEnvelope(envelope, result, version); // nothing pending: no closure, no wait
      return;
    }
    releaseOutput(this, envelope, () => {
      if (broadcasts) publishBroadcasts(this.host.bus, this.self, broadcasts, this.host.clock.now());
      answerEnvelope(envelope, result, version);
    });
  }

  lostWrites(reason: string): void {
    this.host.poisoned(this, reason);
  }

  /** A new state version from a turn or hook; committed with the next batch. */
  acceptState(json: string): void {
    this.version++;
    const previousLength = this.stateJson.length;
    this.stateJson = json;
    if (json.length !== previousLength) this.host.stateResized(this, previousLength);
    this.persistState();
  }

  /** Ephemeral types (no durable facet) keep state in memory only: nothing to write or wait for. */
  persistState(): void {
    if (!this.traits.durable) return;
    holdOutputs(this, this.host.batcher.writeState(stateWriteOf(this, this.host.clock.now())));
  }

  stageEffects(context: TurnContext, envelope?: Envelope): void {
    const pending = stageEffects(this.host.batcher, context, envelope);
    if (pending) holdOutputs(this, pending);
  }

  serializeState(): string {
    return serializeState(this.state, this.host.maxStateBytes, this.self);
  }
}
