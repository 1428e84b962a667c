// The one table from runtime error codes to tRPC codes: the tRPC error middleware and the WebSocket
// wire (server/wire) answer a runtime refusal with the same code.
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server';
import type { ActorError, ActorErrorCode } from '../runtime/errors.ts';

/**
 * Refusals a caller may simply retry (with the same idempotency key): the actor was busy, the node
 * was stopping or lost the actor to another node, storage failed. The runtime marks others it
 * knows to be retriable with details.retriable.
 */
export function isRetriable(error: ActorError): boolean {
  if (error.code === 'UNAVAILABLE' || error.code === 'OVERLOADED') return true;
  return (error.details as { retriable?: unknown } | undefined)?.retriable === true;
}

export const TRPC_CODE_OF: Readonly<Record<ActorErrorCode, TRPC_ERROR_CODE_KEY>> = {
  NOT_FOUND: 'NOT_FOUND',
  BAD_INPUT: 'BAD_REQUEST',
  CONFLICT: 'CONFLICT',
  TIMEOUT: 'TIMEOUT',
  OVERLOADED: 'TOO_MANY_REQUESTS',
  ACTION_FAILED: 'UNPROCESSABLE_CONTENT',
  ACTIVATION_FAILED: 'SERVICE_UNAVAILABLE',
  PRECONDITION_FAILED: 'PRECONDITION_FAILED',
  FORBIDDEN: 'FORBIDDEN',
  UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
};
