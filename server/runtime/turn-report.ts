// After every turn: the facets acting on the type (journal, metrics...) get its record, and live
// views get a turn event on the bus carrying what they show (action, args, result, version), so no
// view has to re-read the actor after a turn. Broadcasts go out only once the turn is committed.
import type { Clock } from './clock.ts';
import type { CommitBatcher } from './commit-batcher.ts';
import type { ActorSelf, AnyActorDefinition } from './definition.ts';
import type { Envelope } from './envelope.ts';
import type { EventBus } from './events.ts';
import type { TurnFacet } from './facets.ts';
import type { PendingBroadcast } from './turn-context.ts';

export interface ReportingActor {
  readonly self: ActorSelf;
  readonly definition: AnyActorDefinition;
  readonly version: number;
  readonly stateJson: string;
}

export interface ReportSinks {
  readonly bus: EventBus;
  readonly batcher: CommitBatcher;
  readonly clock: Clock;
}

/** Positional arguments on purpose: this runs once per turn, and builds nothing when nobody listens. */
export function reportTurn(
  sinks: ReportSinks,
  facets: readonly TurnFacet[],
  actor: ReportingActor,
  envelope: Envelope,
  ok: boolean,
  result: unknown,
  error: string | null,
  stateChanged: boolean,
  durationMs: number,
  alarmsScheduled = false,
): void {
  const { bus, batcher } = sinks;
  if (facets.length === 0 && !bus.active) return;
  const at = sinks.clock.now();
  const { type, key } = actor.self;
  if (facets.length > 0) {
    const record = {
      type,
      key,
      definition: actor.definition,
      action: envelope.action,
      args: envelope.args,
      ok,
      result,
      error,
      version: actor.version,
      stateJson: actor.stateJson,
      stateChanged,
      durationMs,
      at,
    };
    for (const facet of facets) facet.afterTurn(record, batcher);
  }
  if (!bus.active) return;
  bus.emit({
    kind: 'turn',
    type,
    key,
    action: envelope.action,
    args: envelope.args,
    ok,
    result: ok ? result : undefined,
    error: error ?? undefined,
    version: actor.version,
    stateChanged,
    alarmsChanged: ok && (envelope.kind === 'alarm' || alarmsScheduled),
    durationMs,
    at,
  });
}

export function publishBroadcasts(
  bus: EventBus,
  self: ActorSelf,
  broadcasts: PendingBroadcast[],
  at: number,
): void {
  if (!bus.active) return;
  const { type, key } = self;
  for (const b of broadcasts)
    bus.emit({ kind: 'broadcast', type, key, event: b.event, payload: b.payload, at });
}
