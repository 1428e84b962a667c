// Broadcast: `post` appends to the room's bounded history and pushes a `message` event to everyone
// watching this actor live (the dashboard's actor page, a socket.io client in the actor's room).
import { defineActor } from 'troupe';
import { z } from 'zod';

/** Messages a room keeps; older ones drop off. */
const MAX_HISTORY = 200;

interface Message {
  user: string;
  text: string;
  at: number;
}

export const chatRoom = defineActor({
  type: 'chat-room',
  state: () => ({ messages: [] as Message[] }),
  actions: {
    post: {
      description: 'Posts `text` as `user`: kept in the history and broadcast live as a `message` event.',
      input: z
        .object({ user: z.string().trim().min(1).max(40), text: z.string().trim().min(1).max(1_000) })
        .strict(),
      handler: (ctx, { user, text }) => {
        const message = { user, text, at: ctx.now() };
        ctx.state.messages.push(message);
        if (ctx.state.messages.length > MAX_HISTORY) {
          ctx.state.messages.splice(0, ctx.state.messages.length - MAX_HISTORY);
        }
        // Sent only once the turn is committed; a failed turn broadcasts nothing.
        ctx.broadcast('message', message);
        return message;
      },
    },
    history: {
      description: 'The newest `limit` messages (default 50), oldest first.',
      input: z.object({ limit: z.number().int().min(1).max(MAX_HISTORY).default(50) }).strict(),
      handler: (ctx, { limit }) => ctx.state.messages.slice(-limit),
    },
  },
});
