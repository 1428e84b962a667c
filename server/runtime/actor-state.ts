// An actor's state as storage sees it: JSON data within the state size limit, written with its
// version, labels, config and activation count.
import type { ActorSelf } from './definition.ts';
import { ActorError } from './errors.ts';
import type { ActorConfig, StateWrite } from './storage.ts';

export interface PersistentActor {
  readonly self: ActorSelf;
  readonly stateJson: string;
  readonly version: number;
  readonly labels: Record<string, string>;
  readonly config: ActorConfig;
  readonly activations: number;
  readonly lastActiveAt: number;
}

export function stateWriteOf(actor: PersistentActor, at: number): StateWrite {
  const { type, key } = actor.self;
  return {
    type,
    key,
    state: actor.stateJson,
    version: actor.version,
    labels: actor.labels,
    config: actor.config,
    activations: actor.activations,
    lastActiveAt: actor.lastActiveAt,
    at,
  };
}

/** The state as JSON, or a typed error when it is not JSON data or exceeds `maxBytes`. */
export function serializeState(state: unknown, maxBytes: number, self: ActorSelf): string {
  const json = JSON.stringify(state);
  if (json === undefined) throw new ActorError('ACTION_FAILED', 'actor state must be JSON-serializable data');
  if (json.length > maxBytes) {
    throw new ActorError('PAYLOAD_TOO_LARGE', `state of ${self.type}/${self.key} exceeds ${maxBytes} bytes`);
  }
  return json;
}
