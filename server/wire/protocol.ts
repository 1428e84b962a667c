// The WebSocket wire (`/api/ws`): one persistent connection per client carrying actor calls and
// subscriptions as JSON frames. Lean on purpose (no batching envelope, no transformer): a call is
// one frame each way. Client frames are validated here with the control plane's own schemas, so a
// call means exactly what the same call over tRPC means; the typed client is client/ws-transport.ts.
//
// client -> server                                     server -> client
//   {op:'hello', token?}   first, when a token is set    {op:'ready'}
//   {op:'ask', id, type, key, action, args?, ...}        {op:'result', id, result, version, unreadable?}
//   {op:'tell', id, type, key, action, args?, ...}       {op:'queued', id}
//   {op:'subscribe', id, type, key, to}                  {op:'events', events: [{sub, ...}]}  (batched)
//   {op:'unsubscribe', id}                               {op:'ended', id, error}  (a subscription ended)
//                                                        {op:'error', id|null, error: {code, actorCode, message}}

import type { TRPC_ERROR_CODE_KEY } from '@trpc/server';
import { z } from 'zod';
import { ZActorKey, ZActorTypeName, ZJsonData } from '../api/schemas.ts';
import type { ActorErrorCode } from '../runtime/errors.ts';

export const WIRE_PATH = '/api/ws';

const ZCallId = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const ZCall = z.strictObject({
  id: ZCallId,
  type: ZActorTypeName,
  key: ZActorKey,
  action: z.string().min(1).max(128),
  args: ZJsonData.optional(),
  idempotencyKey: z.string().min(1).max(128).optional(),
});

export const ZClientFrame = z.discriminatedUnion('op', [
  z.strictObject({ op: z.literal('hello'), token: z.string().max(1024).optional() }),
  ZCall.extend({ op: z.literal('ask'), timeoutMs: z.number().int().min(1).max(300_000).optional() }),
  ZCall.extend({ op: z.literal('tell') }),
  z.strictObject({
    op: z.literal('subscribe'),
    id: ZCallId,
    type: ZActorTypeName,
    key: ZActorKey,
    /** broadcasts: ctx.broadcast events; changes: turns (version, state changed) and lifecycle. */
    to: z.enum(['broadcasts', 'changes']),
  }),
  z.strictObject({ op: z.literal('unsubscribe'), id: ZCallId }),
]);
export type TClientFrame = z.infer<typeof ZClientFrame>;

export interface TWireError {
  /** The tRPC code the same failure has over HTTP (BAD_REQUEST, NOT_FOUND, TOO_MANY_REQUESTS...). */
  code: TRPC_ERROR_CODE_KEY;
  /** The runtime's own code when the runtime refused (null for wire-level refusals). */
  actorCode: ActorErrorCode | null;
  message: string;
}

/** What a subscription delivers: a broadcast, or a change of the actor (a turn, a lifecycle step). */
export type TWireEvent =
  | { sub: number; kind: 'broadcast'; event: string; payload: unknown; at: number }
  | {
      sub: number;
      kind: 'turn';
      action: string;
      ok: boolean;
      version: number;
      stateChanged: boolean;
      error?: string;
      at: number;
    }
  | { sub: number; kind: 'lifecycle'; transition: string; reason?: string; at: number };

export type TServerFrame =
  | { op: 'ready' }
  | { op: 'result'; id: number; result: unknown; version: number; unreadable?: string }
  | { op: 'queued'; id: number }
  | { op: 'events'; events: TWireEvent[] }
  | { op: 'ended'; id: number; error: TWireError }
  | { op: 'error'; id: number | null; error: TWireError };

/** Close codes the client acts on (4000-4999 are the application's). */
export const CLOSE = {
  /** The token in the hello frame is missing or wrong: do not reconnect with it. */
  UNAUTHORIZED: 4401,
  /** The client did not read what it asked for: its buffer passed the hard cap. */
  SLOW_CONSUMER: 4408,
  /** The server is draining: reconnect (to another node, or later). */
  GOING_AWAY: 1001,
} as const;
