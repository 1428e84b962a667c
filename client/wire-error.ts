// The error of a failed wire call, shaped like a TRPCClientError (`error.data.code`, `actorCode`)
// so callers handle either transport alike, plus whether sending the call again makes sense.
import type { TWireError } from '../server/wire/protocol.ts';

/** Codes whose call may succeed when sent again (same idempotency key: applied once). */
const RETRIABLE = new Set(['SERVICE_UNAVAILABLE', 'TOO_MANY_REQUESTS', 'TIMEOUT', 'CLIENT_CLOSED_REQUEST']);

/** A failed wire call, shaped like a TRPCClientError: `error.data.code` on either transport. */
export class TroupeWireError extends Error {
  override readonly name = 'TroupeWireError';
  readonly data: { code: string; actorCode: string | null };
  /** True when the call may be sent again (connection lost, overloaded, shutting down, timeout). */
  readonly retriable: boolean;

  constructor(error: TWireError) {
    super(error.message);
    this.data = { code: error.code, actorCode: error.actorCode };
    this.retriable = RETRIABLE.has(error.code);
  }
}
