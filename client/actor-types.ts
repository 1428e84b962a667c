// What a typed client knows about actor types: per action, the args it takes (the input side of
// its zod schema: defaulted fields optional) and what it answers (the handler's return type,
// awaited). Both are read off the definitions themselves: defineActor keeps their literal types.
// `ProjectActors` (project-actors.gen.ts, written by `npm run types` from actors/) is the default map.
import type { z } from 'zod';

export type { ProjectActors } from './project-actors.gen.ts';

export interface ActionShape {
  args: unknown;
  result: unknown;
}
export type ActorShape = Record<string, ActionShape>;
export type ActorTypeMap = Record<string, ActorShape>;

/** Any action of any type: what `client.actor()` gives for a type the map does not know. */
export type UntypedActor = Record<string, { args: unknown; result: unknown }>;

/** The client's view of one action definition. */
export type ActionShapeOf<Action> = Action extends {
  input: infer Schema extends z.ZodType;
  // biome-ignore lint/suspicious/noExplicitAny: matches a handler of any context and input.
  handler: (...args: any[]) => infer Result;
}
  ? { args: z.input<Schema>; result: Awaited<Result> }
  : never;

/** The client's view of one definition (what defineActor returned). */
export type ActorShapeOf<Definition> = Definition extends { actions: infer Actions }
  ? { [K in keyof Actions & string]: ActionShapeOf<Actions[K]> }
  : never;

/**
 * Types the generated map does not know (deployed from elsewhere, or defined in a program):
 *   createTroupeClient<ProjectActors & ActorTypesOf<{ 'chat-room': typeof chatRoom }>>(url)
 */
export type ActorTypesOf<Defs extends Record<string, unknown>> = { [T in keyof Defs]: ActorShapeOf<Defs[T]> };
