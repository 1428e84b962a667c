// Public surface of the client SDK (safe to import from any Node/TS program: types only from the server).
export type { ActorHandle, AskOptions, SpawnOptions } from './actor-handle.ts';
export type {
  ActorShape,
  ActorShapeOf,
  ActorTypeMap,
  ActorTypesOf,
  BuiltinActors,
  UntypedActor,
  WithResults,
} from './actor-types.ts';
export { createTroupeClient, type TroupeClient, type TroupeHelpers } from './create-troupe-client.ts';
export type { PipelineHandle, SimulateOptions, TSensorEventInput } from './pipeline-handle.ts';
export type { TroupeClientOptions } from './trpc-client.ts';
