// The one table from runtime error codes to tRPC codes: the tRPC error middleware and the WebSocket
// wire (server/wire) answer a runtime refusal with the same code.
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server';
import type { ActorErrorCode } from '../runtime/errors.ts';

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
