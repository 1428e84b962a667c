// The keyed-message gate of one activation: applies an idempotent invocation at most once. Created
// with the actor's first keyed message, it owns the activation's answer memory and decides each
// keyed message when its turn comes: answered before (answer again, apply nothing), never answered
// (run the turn), or not known yet (the activation waits for the storage lookup). An ephemeral
// actor's answers live in its memory only, like its state: nothing is looked up or written.
import type { CommitBatcher } from './commit-batcher.ts';
import type { ActorSelf } from './definition.ts';
import { answerEnvelope, type Envelope, failEnvelope } from './envelope.ts';
import {
  type AnswerLookup,
  AnswerMemory,
  isCurrent,
  type RecordedAnswer,
  startAnswerLookup,
} from './idempotency.ts';
import type { RuntimeLogger } from './logger.ts';
import { committedFor, type GatedActor, holdOutputs, releaseOutput } from './output-gate.ts';
import { stageAnswer } from './turn-effects.ts';

export interface KeyedGateHost {
  readonly batcher: CommitBatcher;
  readonly logger: RuntimeLogger;
  findAnswer(type: string, key: string, idemKey: string): Promise<RecordedAnswer | undefined>;
}

export type KeyedDecision = 'run' | 'settled' | AnswerLookup;

export class KeyedGate {
  private readonly memory = new AnswerMemory();

  constructor(
    private readonly actor: GatedActor & { readonly self: ActorSelf },
    private readonly host: KeyedGateHost,
    private readonly durable: boolean,
  ) {}

  /** Begins the storage lookup ahead of the turn, unless memory already knows the answer (a retry burst). */
  prefetch(envelope: Envelope): void {
    if (this.durable && !this.memory.get(envelope.idempotencyKey!)) this.lookUp(envelope);
  }

  /** Begins the storage lookup of a keyed message (see idempotency.ts). */
  private lookUp(envelope: Envelope): AnswerLookup {
    const { type, key } = this.actor.self;
    const idemKey = envelope.idempotencyKey!;
    const find = () => this.host.findAnswer(type, key, idemKey);
    envelope.lookup = startAnswerLookup(this, this.memory, find, this.host.logger);
    return envelope.lookup;
  }

  /** 'run' the turn, or 'settled' (answered again or failed), or the lookup to wait for first. */
  decide(envelope: Envelope): KeyedDecision {
    const remembered = this.memory.get(envelope.idempotencyKey!);
    if (remembered) {
      releaseOutput(this.actor, envelope, () =>
        answerEnvelope(envelope, remembered.result, remembered.version),
      );
      return 'settled';
    }
    if (!this.durable) return 'run';
    const lookup = isCurrent(envelope.lookup, this, this.memory) ? envelope.lookup! : this.lookUp(envelope);
    if (!lookup.done) return lookup;
    if (lookup.error) {
      failEnvelope(envelope, lookup.error);
      return 'settled';
    }
    const stored = lookup.answer;
    if (!stored) return 'run';
    answerEnvelope(envelope, stored.result, stored.version);
    return 'settled';
  }

  /** Remembers the turn's answer and stages it in the turn's commit. */
  record(idemKey: string, result: unknown, version: number, at: number): void {
    const { memory } = this;
    memory.remember(idemKey, { result, version });
    if (!this.durable) {
      memory.committed(idemKey); // nothing to wait for: the memory is all there is
      return;
    }
    const pending = stageAnswer(this.host.batcher, this.actor.self, idemKey, result, version, at);
    pending.waiters.push((error, refused) => {
      if (committedFor(this.actor, error, refused)) memory.committed(idemKey);
    });
    holdOutputs(this.actor, pending);
  }
}
