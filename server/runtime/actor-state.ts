// An actor's state as storage sees it: JSON data within the state size limit, written with its
// version, labels, config and activation count.
import type { ActorSelf } from './definition.ts';
import { ActorError, describeError } from './errors.ts';
import type { ActorConfig, StateWrite, StoredActor } from './storage.ts';

// Shared by every activation without labels or config: an idle actor should cost bytes, not objects.
export const NO_LABELS: Record<string, string> = Object.freeze({}) as Record<string, string>;
export const NO_CONFIG: ActorConfig = Object.freeze({});

/**
 * Estimated memory of one resident activation: its fixed cost (bench: ~600 B idle, rounded up) plus
 * three bytes per character of state JSON (the UTF-16 JSON kept for rollback, and the live object).
 */
export const footprint = (stateJsonLength: number) => 1024 + 3 * stateJsonLength;

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

/** The stored state as a value; corrupt JSON fails the activation with a message saying so. */
export function parseStoredState(stored: StoredActor): unknown {
  try {
    return JSON.parse(stored.state);
  } catch (error) {
    throw new Error(`stored state of ${stored.type}/${stored.key} is corrupt (${describeError(error)})`);
  }
}

/** What a loading activation takes over: the stored actor, or the type's initial state (true: new). */
export interface RestorableActor {
  state: unknown;
  stateJson: string;
  version: number;
  labels: Record<string, string>;
  config: ActorConfig;
  activations: number;
  readonly definition: { state(): unknown };
  serializeState(): string;
}

export function restoreState(activation: RestorableActor, stored: StoredActor | undefined): boolean {
  if (!stored) {
    activation.state = activation.definition.state();
    activation.stateJson = activation.serializeState();
    return true;
  }
  activation.state = parseStoredState(stored);
  activation.stateJson = stored.state;
  activation.version = stored.version;
  activation.labels = stored.labels;
  activation.config = stored.config;
  activation.activations = stored.activations;
  return false;
}

/** The activation as storage would hold it: what an ephemeral actor hands to its next version. */
export function snapshotOf(actor: PersistentActor): StoredActor {
  return {
    type: actor.self.type,
    key: actor.self.key,
    state: actor.stateJson,
    version: actor.version,
    labels: actor.labels,
    config: actor.config,
    activations: actor.activations,
    createdAt: 0,
    updatedAt: 0,
    lastActiveAt: null,
  };
}
