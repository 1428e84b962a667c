// Room names and the validation of client subscriptions: malformed messages are ignored, never thrown.
import { z } from 'zod';
import type { TRoom } from './events.ts';

const ZSubscription = z.discriminatedUnion('topic', [
  z.object({ topic: z.literal('lifecycle') }),
  z.object({ topic: z.literal('overview') }),
  z.object({ topic: z.literal('types') }),
  z.object({ topic: z.literal('actor'), type: z.string().min(1).max(63), key: z.string().min(1).max(256) }),
  z.object({ topic: z.literal('pipeline'), id: z.string().min(1).max(64) }),
]);

export const actorRoom = (type: string, key: string): TRoom => `actor:${type}/${key}`;
export const pipelineRoom = (id: string): TRoom => `pipeline:${id}`;

/** The room a client asked for, or null when the message is not a valid subscription. */
export function roomOf(message: unknown): TRoom | null {
  const parsed = ZSubscription.safeParse(message);
  if (!parsed.success) return null;
  const sub = parsed.data;
  if (sub.topic === 'actor') return actorRoom(sub.type, sub.key);
  if (sub.topic === 'pipeline') return pipelineRoom(sub.id);
  return sub.topic;
}
