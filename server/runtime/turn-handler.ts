// Which code a message runs: a fired alarm goes to onAlarm when the type handles every alarm itself,
// anything else to the action it names. Own properties only: "constructor" or "__proto__" name no
// action (message-validation.ts refuses them earlier; this holds even if a message skipped it).
import type { ResolvedFacets } from './actor-facets.ts';
import type { AnyActorDefinition } from './definition.ts';
import type { Envelope } from './envelope.ts';
import { ActorError } from './errors.ts';
import type { TurnContext } from './turn-context.ts';

export function runHandler(
  definition: AnyActorDefinition,
  traits: ResolvedFacets,
  context: TurnContext,
  envelope: Envelope,
): unknown {
  if (traits.beforeTurn) {
    const turn = { self: context.self, action: envelope.action, args: envelope.args };
    for (const hook of traits.beforeTurn) hook(context, turn); // a throw refuses the turn
  }
  if (envelope.kind === 'alarm' && definition.onAlarm) {
    const attempt = envelope.alarm?.attempt ?? 1;
    return definition.onAlarm(context, { action: envelope.action, args: envelope.args, attempt });
  }
  const action = Object.hasOwn(definition.actions, envelope.action)
    ? definition.actions[envelope.action]
    : undefined;
  if (!action) throw new ActorError('NOT_FOUND', `${definition.type} has no action "${envelope.action}"`);
  return action.handler(context, envelope.args);
}

export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function';
}
