// runtime.destroy: removes the actor entirely (activation, state, alarms, journal). Messages sent
// from the call on wait behind the destroy fence until the delete has committed, then meet a fresh
// actor (virtual types) or NOT_FOUND (spawn-only ones); see destroy-fence.ts.

import type { Catalog } from './catalog.ts';
import type { Clock } from './clock.ts';
import type { CommitBatcher } from './commit-batcher.ts';
import type { Dispatcher } from './dispatcher.ts';
import { ActorError } from './errors.ts';
import type { EventBus } from './events.ts';
import type { TypeRegistry } from './registry.ts';
import type { StorageDriver } from './storage.ts';

export interface DestroyDeps {
  registry: TypeRegistry;
  dispatcher: Dispatcher;
  catalog: Catalog;
  batcher: CommitBatcher;
  driver: StorageDriver;
  bus: EventBus;
  clock: Clock;
}

/** False if the actor never existed. */
export async function destroyActor(deps: DestroyDeps, type: string, key: string): Promise<boolean> {
  const { dispatcher, catalog, bus } = deps;
  deps.registry.require(type);
  const end = dispatcher.fence.raise(type, key); // before any await: no message slips in
  const activation = catalog.lookup(type, key);
  if (activation) catalog.discard(activation); // announces the destroy itself
  // Messages still waiting for a spawn-only existence check: failed, and its late answer ignored.
  catalog.spawnOnly.cancel(type, key, new ActorError('NOT_FOUND', `${type}/${key} was destroyed`));
  let existed: boolean;
  try {
    await deps.batcher.flush();
    existed = await deps.driver.destroy(type, key);
  } catch (error) {
    end(false); // not destroyed: what waited is delivered to the actor as it is
    throw error;
  }
  end(true);
  if (!activation && bus.active) {
    const at = deps.clock.now();
    bus.emit({ kind: 'lifecycle', type, key, transition: 'deactivated', reason: 'destroyed', at });
  }
  return existed || activation !== undefined;
}
