// How a message enters the runtime: the envelope of an ask, a tell or a fired alarm is built here
// (one place), validated at the edge (message-validation.ts) and handed to the actor's one
// activation. Refusals (unknown type or action, bad args, full mailbox, shutting down) fail the
// envelope at once, before anything is queued. Keyed messages are deduplicated by their actor when
// their turn comes (keyed-gate.ts), not here.
import type { Catalog } from './catalog.ts';
import type { Clock } from './clock.ts';
import { DestroyFence } from './destroy-fence.ts';
import { type Envelope, failEnvelope, type Reply } from './envelope.ts';
import { ActorError } from './errors.ts';
import { validateArgs } from './message-validation.ts';
import type { RuntimeMetrics } from './metrics.ts';
import type { MessageSender, SendOptions } from './ref.ts';
import type { TypeRegistry } from './registry.ts';
import type { StoredAlarm } from './storage.ts';

/**
 * open: everything is delivered. draining (the runtime is stopping): messages from outside are
 * refused, messages sent by turns still run, so work already admitted (a pipeline batch crossing
 * its operators) finishes. closed: everything is refused.
 */
export type Intake = 'open' | 'draining' | 'closed';

export class Dispatcher {
  intake: Intake = 'open';

  /**
   * Keys being destroyed: their messages wait here until the delete has committed, then are sent
   * again as already admitted (see destroy-fence.ts for why and for the semantics).
   */
  readonly fence = new DestroyFence((type, key, envelope) => this.send(type, key, envelope, true));

  /** How refs from `runtime.get` send: straight here, refused once the runtime drains. */
  readonly fromOutside: MessageSender = {
    ask: (type, key, action, args, options) => this.ask(type, key, action, args, options, true),
    askWithVersion: (type, key, action, args, options) =>
      this.ask(type, key, action, args, options, false) as Promise<Reply>,
    tell: (type, key, action, args) => void this.tryTell(type, key, action, args),
  };

  /** How refs handed to turns (ctx.get) send: still delivered while the runtime drains. */
  readonly fromTurns: MessageSender = {
    ask: (type, key, action, args, options) => this.ask(type, key, action, args, options, true, true),
    askWithVersion: (type, key, action, args, options) =>
      this.ask(type, key, action, args, options, false, true) as Promise<Reply>,
    tell: (type, key, action, args) => void this.tryTell(type, key, action, args, undefined, true),
  };

  constructor(
    private readonly registry: TypeRegistry,
    private readonly catalog: Catalog,
    private readonly clock: Clock,
    private readonly metrics: RuntimeMetrics,
    private readonly defaultAskTimeoutMs: number,
  ) {}

  /** Resolves with the result (`resultOnly`) or a Reply { result, version }. */
  ask(
    type: string,
    key: string,
    action: string,
    args: unknown,
    options: SendOptions | undefined,
    resultOnly: boolean,
    fromTurn = false,
  ): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const now = this.clock.now();
      const deadline = now + (options?.timeoutMs ?? this.defaultAskTimeoutMs);
      this.send(
        type,
        key,
        {
          kind: 'ask',
          action,
          args,
          sentArgs: args,
          deadline,
          enqueuedAt: now,
          resolve,
          reject,
          resultOnly,
          idempotencyKey: options?.idempotencyKey,
        },
        fromTurn,
      );
    });
  }

  /** The refusal, or null once queued. */
  tryTell(
    type: string,
    key: string,
    action: string,
    args: unknown,
    idempotencyKey?: string,
    fromTurn = false,
  ): ActorError | null {
    let refused: ActorError | null = null;
    const envelope: Envelope = {
      kind: 'tell',
      action,
      args,
      sentArgs: args,
      deadline: Number.POSITIVE_INFINITY,
      enqueuedAt: this.clock.now(),
      idempotencyKey,
      reject: (error) => {
        refused = error;
      },
    };
    this.send(type, key, envelope, fromTurn);
    envelope.reject = undefined; // once queued, a tell has no caller to report to
    return refused;
  }

  alarm(alarm: StoredAlarm, onDone: (error?: ActorError) => void): void {
    this.metrics.alarmsFired++;
    const now = this.clock.now();
    const args: unknown = JSON.parse(alarm.args);
    this.send(alarm.type, alarm.key, {
      kind: 'alarm',
      action: alarm.action,
      args,
      sentArgs: args,
      deadline: now + this.defaultAskTimeoutMs,
      enqueuedAt: now,
      alarm: { id: alarm.id, attempt: alarm.attempts + 1, cron: alarm.cron ?? null, onDone },
    });
  }

  private send(type: string, key: string, envelope: Envelope, fromTurn = false): void {
    try {
      if (this.intake === 'closed' || (this.intake === 'draining' && !fromTurn)) {
        throw new ActorError('UNAVAILABLE', 'the runtime is shutting down');
      }
      const definition = this.registry.require(type);
      envelope.args = validateArgs(definition, envelope.action, envelope.sentArgs, envelope.kind === 'alarm');
      if (this.fence.hold(type, key, envelope, definition.mailboxCapacity ?? 1_000)) return;
      this.catalog.deliver(definition, key, envelope);
    } catch (error) {
      failEnvelope(
        envelope,
        error instanceof ActorError ? error : new ActorError('BAD_INPUT', String(error)),
      );
    }
  }
}
