// onActivate and onDeactivate run like a turn without a message: state changes and alarms commit, a
// throw rolls the state back and is rethrown (the catalog decides what failure means), and a hook
// that outlived its activation (destroyed meanwhile) writes nothing back.
import type { Activation } from './activation.ts';
import { ActorError } from './errors.ts';
import type { RuntimeLogger } from './logger.ts';
import { TurnContext } from './turn-context.ts';

type Hook = ((ctx: TurnContext) => unknown) | undefined;

/** `forceWrite`: persist the state even if the hook changed nothing (a new or deactivating actor). */
export async function runLifecycleHook(
  activation: Activation,
  hook: Hook,
  forceWrite: boolean,
): Promise<void> {
  if (hook) {
    const context = new TurnContext(activation);
    try {
      await hook(context);
    } catch (error) {
      context.end();
      activation.state = JSON.parse(activation.stateJson);
      throw error;
    }
    context.end();
    assertNotDiscarded(activation);
    const json = activation.serializeState();
    if (json !== activation.stateJson) {
      activation.acceptState(json);
      forceWrite = false; // just written
    }
    activation.stageEffects(context);
  }
  assertNotDiscarded(activation);
  if (forceWrite) activation.persistState();
}

/** Deactivation goes on whatever onDeactivate does: a throw is logged and the state flushed as it was. */
export async function runDeactivateHook(activation: Activation, logger: RuntimeLogger): Promise<void> {
  try {
    await runLifecycleHook(activation, activation.traits.onDeactivate, true);
  } catch (error) {
    const { type, key } = activation.self;
    logger.error({ err: error, type, key }, 'onDeactivate failed; the state is flushed as it was');
    await runLifecycleHook(activation, undefined, true);
  }
}

/** A hook that outlived its activation (destroyed meanwhile) must not write anything back. */
function assertNotDiscarded(activation: Activation): void {
  if (activation.status !== 'inactive') return;
  throw new ActorError('NOT_FOUND', `${activation.self.type}/${activation.self.key} was destroyed`);
}
