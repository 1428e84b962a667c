// What nodes say to each other over NATS request-reply: a message for an actor (ask or tell), a
// due alarm to fire, or a control call (spawn, deactivate, destroy). Every request is answered with
// an outcome; errors travel as ActorError code + message + details, never as a stack or SQL text.
import { z } from 'zod';
import type { ControlCall } from '../runtime/placement.ts';
import type { StoredAlarm } from '../runtime/storage.ts';

export type NodeRequest =
  | {
      kind: 'message';
      type: string;
      key: string;
      action: string;
      args: unknown;
      /** ask: the caller waits; tell: answered at once once queued. */
      tell: boolean;
      idempotencyKey?: string;
      timeoutMs: number;
      /** Sent by a turn: still delivered while the receiving runtime drains. */
      fromTurn: boolean;
    }
  | { kind: 'alarm'; alarm: StoredAlarm }
  | { kind: 'control'; call: ControlCall }
  /** A control-plane procedure to run on its home node (a pipeline's), e.g. pipelines.publish. */
  | { kind: 'procedure'; path: string; input: unknown };

export type NodeReply =
  | { ok: true; result: unknown; version?: number }
  | { ok: false; code: string; message: string; details?: unknown };

const ZActorKey = { type: z.string().min(1), key: z.string() };

/** Requests are checked on arrival: a node never trusts the shape of what another process sent. */
export const ZNodeRequest = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('message'),
    ...ZActorKey,
    action: z.string().min(1),
    args: z.unknown(),
    tell: z.boolean(),
    idempotencyKey: z.string().optional(),
    timeoutMs: z.number().positive(),
    fromTurn: z.boolean(),
  }),
  z.object({
    kind: z.literal('alarm'),
    alarm: z.object({
      id: z.number().int(),
      ...ZActorKey,
      action: z.string(),
      args: z.string(),
      dueAt: z.number(),
      cron: z.string().nullable(),
      attempts: z.number().int(),
      createdAt: z.number(),
    }),
  }),
  z.object({
    kind: z.literal('control'),
    call: z.discriminatedUnion('op', [
      z.object({ op: z.literal('spawn'), ...ZActorKey, options: z.unknown() }),
      z.object({ op: z.literal('deactivate'), ...ZActorKey }),
      z.object({ op: z.literal('destroy'), ...ZActorKey }),
    ]),
  }),
  z.object({
    kind: z.literal('procedure'),
    path: z.string().regex(/^[a-z]+\.[a-zA-Z]+$/),
    input: z.unknown(),
  }),
]);
