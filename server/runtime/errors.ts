// One error type for everything the runtime can refuse or fail with. The control plane maps
// `code` to a tRPC code in exactly one place (server/api/trpc.ts); callers switch on `code`.

export const ACTOR_ERROR_CODES = [
  'NOT_FOUND', // unknown actor type, action, actor or pipeline
  'BAD_INPUT', // arguments fail the action's input schema
  'CONFLICT', // spawn of an actor that already exists
  'TIMEOUT', // ask deadline passed before the reply
  'OVERLOADED', // bounded mailbox or queue is full
  'ACTION_FAILED', // the handler threw; the turn was rolled back
  'ACTIVATION_FAILED', // loading state or onActivate failed; the actor backs off
  'PRECONDITION_FAILED', // e.g. publishing to a stopped pipeline
  'FORBIDDEN', // e.g. invoking an internal actor type from the control plane
  'UNAVAILABLE', // the runtime is stopping or storage failed
  'PAYLOAD_TOO_LARGE', // arguments or state over the configured limit
] as const;

export type ActorErrorCode = (typeof ACTOR_ERROR_CODES)[number];

export class ActorError extends Error {
  override readonly name = 'ActorError';

  constructor(
    readonly code: ActorErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export function isActorError(error: unknown): error is ActorError {
  return error instanceof ActorError;
}

/** Turns anything a handler threw into a message safe to show the caller. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : JSON.stringify(error);
}
