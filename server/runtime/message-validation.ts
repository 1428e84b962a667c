// What the runtime accepts at its edge, before anything is queued: an action that exists (an own
// property of the type's actions: "constructor" or "__proto__" name no action of any type), args
// that pass its schema, and initial state that a turn could commit.
import type { AnyActorDefinition } from './definition.ts';
import { type Envelope, failEnvelope } from './envelope.ts';
import { ActorError, describeError, isActorError } from './errors.ts';

/** The parsed args (with schema defaults), or a typed NOT_FOUND / BAD_INPUT. */
export function validateArgs(
  definition: AnyActorDefinition,
  action: string,
  args: unknown,
  isAlarm: boolean,
): unknown {
  const spec = Object.hasOwn(definition.actions, action) ? definition.actions[action] : undefined;
  if (!spec) {
    if (isAlarm && definition.onAlarm) return args;
    throw new ActorError('NOT_FOUND', `actor type "${definition.type}" has no action "${action}"`);
  }
  const parsed = spec.input.safeParse(args ?? {});
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => `${i.path.join('.') || 'args'}: ${i.message}`);
  throw new ActorError('BAD_INPUT', `invalid args for ${definition.type}.${action}: ${issues.join('; ')}`, {
    issues: parsed.error.issues,
  });
}

/**
 * A message validated against another version of its type (queued across a redeploy) is validated
 * again, from the args as sent, by the version that will run it: true if it fits, else it is failed.
 */
export function revalidated(definition: AnyActorDefinition, envelope: Envelope): boolean {
  try {
    envelope.args = validateArgs(definition, envelope.action, envelope.sentArgs, envelope.kind === 'alarm');
    return true;
  } catch (error) {
    failEnvelope(envelope, isActorError(error) ? error : new ActorError('BAD_INPUT', describeError(error)));
    return false;
  }
}

/** An initial state must be what a turn could commit: JSON data within the state size limit. */
export function serializeInitialState(actor: string, state: unknown, maxBytes: number): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(state);
  } catch (error) {
    throw new ActorError('BAD_INPUT', `initialState of ${actor} is not JSON data: ${describeError(error)}`);
  }
  if (json === undefined) throw new ActorError('BAD_INPUT', `initialState of ${actor} is not JSON data`);
  if (json.length > maxBytes) {
    throw new ActorError('PAYLOAD_TOO_LARGE', `initialState of ${actor} exceeds ${maxBytes} bytes`);
  }
  return json;
}
