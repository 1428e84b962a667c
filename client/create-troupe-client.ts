// The client SDK: the typed tRPC client plus helpers that read like the runtime's own API:
//   const troupe = createTroupeClient({ url: 'http://127.0.0.1:3000', token });
//   const counter = troupe.actor('counter', 'rivet-1');
//   const count = await counter.ask('increment', { by: 1 }); // number
//   await troupe.system.health.query();                      // any procedure, fully typed
import { type ActorHandle, createActorHandle } from './actor-handle.ts';
import type { ActorTypeMap, ProjectActors, UntypedActor } from './actor-types.ts';
import { createHttpInvoke } from './http-invoke.ts';
import { createPipelineHandle, type PipelineHandle } from './pipeline-handle.ts';
import { createTrpcClient, type TroupeClientOptions, type TrpcClient } from './trpc-client.ts';
import { WireClient } from './wire-client.ts';

export interface TroupeHelpers<Actors extends ActorTypeMap> {
  /** An actor address; typed when `type` is in the client's type map. */
  actor<T extends string>(
    type: T,
    key: string,
  ): ActorHandle<T extends keyof Actors ? Actors[T] : UntypedActor>;
  pipeline(id: string): PipelineHandle;
  /** Closes the WebSocket connection, if one was opened (transport 'ws', or a subscription). */
  close(): void;
}

export type TroupeClient<Actors extends ActorTypeMap = ProjectActors> = TrpcClient & TroupeHelpers<Actors>;

/** Accepts the options object, or a bare base URL (the original signature). */
export function createTroupeClient<Actors extends ActorTypeMap = ProjectActors>(
  options: TroupeClientOptions | string,
): TroupeClient<Actors> {
  const settings = typeof options === 'string' ? { url: options } : options;
  const trpc = createTrpcClient(settings);
  let wire: WireClient | null = null;
  const transport = {
    trpc,
    invoke: createHttpInvoke(settings),
    wire: () => {
      wire ??= new WireClient({ url: settings.url, token: settings.token });
      return wire;
    },
    callsOverWire: settings.transport === 'ws',
  };
  const helpers: TroupeHelpers<Actors> = {
    actor: (type, key) => createActorHandle(transport, type, key),
    pipeline: (id) => createPipelineHandle(trpc, id),
    close: () => {
      wire?.close();
      wire = null;
    },
  };
  // The tRPC client is a proxy that resolves any property as a router path, so the helpers are
  // layered over it with another proxy rather than assigned onto it.
  return new Proxy(helpers, {
    get: (target, property) =>
      Object.hasOwn(target, property)
        ? target[property as keyof typeof target]
        : (trpc as unknown as Record<PropertyKey, unknown>)[property],
  }) as TroupeClient<Actors>;
}
