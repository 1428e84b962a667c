// Public surface of the client SDK (safe to import from any Node/TS program: types only from the server).
export type { ActorHandle, AskOptions, SpawnOptions } from './actor-handle.ts';
export type {
  ActionShapeOf,
  ActorShape,
  ActorShapeOf,
  ActorTypeMap,
  ActorTypesOf,
  ProjectActors,
  UntypedActor,
} from './actor-types.ts';
export { createTroupeClient, type TroupeClient, type TroupeHelpers } from './create-troupe-client.ts';
export type { PipelineHandle, SimulateOptions, TSensorEventInput } from './pipeline-handle.ts';
export type { TroupeClientOptions } from './trpc-client.ts';
export { TroupeWireError } from './wire-error.ts';
