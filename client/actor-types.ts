// What a typed client knows about actor types: per action, the args it takes and what it answers.
// Args come from the definitions' zod schemas; results are declared here for the built-in types,
// because handlers are typed `unknown` in ActorDefinition (the client test pins the declared ones).
import type { counter } from '../actors/counter.ts';
import type { ActorDefinition } from '../server/runtime/definition.ts';

export interface ActionShape {
  args: unknown;
  result: unknown;
}
export type ActorShape = Record<string, ActionShape>;
export type ActorTypeMap = Record<string, ActorShape>;

/** Any action of any type: what `client.actor()` gives for a type the map does not know. */
export type UntypedActor = Record<string, { args: unknown; result: unknown }>;

/** The client's view of one definition: args from its input schemas, results unknown. */
export type ActorShapeOf<D> =
  // biome-ignore lint/suspicious/noExplicitAny: matches a definition of any state type.
  D extends ActorDefinition<any, infer A>
    ? { [K in keyof A & string]: { args: A[K]; result: unknown } }
    : never;

/** Declares the results of some actions of a shape (handlers do not carry them in their types). */
export type WithResults<S extends ActorShape, R extends { [K in keyof S]?: unknown }> = {
  [K in keyof S]: { args: S[K]['args']; result: K extends keyof R ? R[K] : unknown };
};

/** The types every Troupe registers (server/actors/index.ts), as typed clients see them. */
export type BuiltinActors = {
  counter: WithResults<ActorShapeOf<typeof counter>, { increment: number; get: number }>;
};

/**
 * Your own types beside the built-in ones:
 *   createTroupeClient<BuiltinActors & ActorTypesOf<{ chat: typeof chatRoom }>>(url)
 */
export type ActorTypesOf<Defs extends Record<string, unknown>> = { [T in keyof Defs]: ActorShapeOf<Defs[T]> };
