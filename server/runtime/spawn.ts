// Explicit creation (runtime.spawn): the actor is created with its initial state, labels and config,
// or CONFLICT if it exists. A durable actor is created in storage; an ephemeral one (no durable
// facet) exists while it is resident, so spawning it only activates it.
import type { Catalog } from './catalog.ts';
import type { Clock } from './clock.ts';
import { ActorError } from './errors.ts';
import { resolveFacets } from './facet-resolution.ts';
import { describeActivation, type ResidentActor } from './inspection.ts';
import { serializeInitialState } from './message-validation.ts';
import type { TypeRegistry } from './registry.ts';
import type { StorageDriver, StoredActor } from './storage.ts';

export interface SpawnOptions {
  initialState?: unknown;
  labels?: Record<string, string>;
  config?: { idleTimeoutMs?: number };
}

export interface SpawnDeps {
  registry: TypeRegistry;
  catalog: Catalog;
  driver: StorageDriver;
  clock: Clock;
  maxStateBytes: number;
}

export async function spawnActor(
  { registry, catalog, driver, clock, maxStateBytes }: SpawnDeps,
  type: string,
  key: string,
  options: SpawnOptions,
): Promise<ResidentActor> {
  const definition = registry.require(type);
  const resident = catalog.lookup(type, key);
  if (resident && resident.status !== 'failed')
    throw new ActorError('CONFLICT', `${type}/${key} already exists`);
  const now = clock.now();
  const state = serializeInitialState(
    `${type}/${key}`,
    options.initialState === undefined ? definition.state() : options.initialState,
    maxStateBytes,
  );
  const stored: StoredActor = {
    type,
    key,
    state,
    version: 0,
    labels: options.labels ?? {},
    config: options.config ?? {},
    activations: 0,
    createdAt: now,
    updatedAt: now,
    lastActiveAt: null,
  };
  if (!resolveFacets(definition).durable) {
    return describeActivation(catalog.activate(definition, key, async () => stored));
  }
  // The activation is registered before the create I/O, so a first message racing this spawn joins
  // it instead of starting a second activation of the key; if the actor already existed, the
  // activation loads it like any other (the caller still gets CONFLICT).
  const creating = driver.create(stored);
  const activation = catalog.activate(definition, key, async () =>
    (await creating) ? stored : driver.load(type, key),
  );
  if (!(await creating)) throw new ActorError('CONFLICT', `${type}/${key} already exists`);
  return describeActivation(activation);
}
