// The `troupe` package entry (package.json "exports"): what an actor module imports.
//   import { defineActor, virtual, durable, journal, defineFacet } from 'troupe';
export {
  alarms,
  type CustomFacet,
  defineFacet,
  durable,
  type Facet,
  type FacetContext,
  type FacetTurn,
  type FacetTurnOutcome,
  journal,
  virtual,
} from './actor-facets.ts';
export type {
  ActionDefinition,
  ActorContext,
  ActorDefinition,
  ActorRefLike,
  ActorSelf,
  AlarmFire,
  AlarmWhen,
  AnyActorDefinition,
  Schedule,
} from './definition.ts';
export { defineActor, isActorDefinition } from './definition.ts';
export { ActorError, type ActorErrorCode, isActorError } from './errors.ts';
