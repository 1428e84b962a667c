// Durable alarms, reachable by anyone: `remind({ inMs, message })` schedules a `fire` alarm on this
// actor. The alarm is a row in the database written with the turn, so it fires even if the actor
// was deactivated for being idle, or the process was restarted (or killed) in between.
import { ActorError, defineActor } from 'troupe';
import { z } from 'zod';

/** Newest fired reminders kept; older ones drop off so the state stays small. */
const MAX_FIRED = 100;
/** Reminders one actor may have waiting at once. */
const MAX_PENDING = 100;
const MAX_DELAY_MS = 30 * 24 * 3_600_000;

interface Pending {
  id: number;
  message: string;
  dueAt: number;
}

interface Fired {
  message: string;
  dueAt: number;
  firedAt: number;
}

export const reminder = defineActor({
  type: 'reminder',
  state: () => ({ nextId: 1, pending: [] as Pending[], fired: [] as Fired[] }),
  actions: {
    remind: {
      description:
        'Schedules `message` to fire in `inMs` milliseconds (a durable alarm). Returns its due time.',
      input: z
        .object({
          inMs: z.number().int().min(0).max(MAX_DELAY_MS),
          message: z.string().trim().min(1).max(500),
        })
        .strict(),
      handler: (ctx, { inMs, message }) => {
        if (ctx.state.pending.length >= MAX_PENDING) {
          throw new ActorError('PRECONDITION_FAILED', `at most ${MAX_PENDING} reminders may be pending`);
        }
        const id = ctx.state.nextId++;
        const dueAt = ctx.now() + inMs;
        ctx.state.pending.push({ id, message, dueAt });
        // The message rides along in the alarm's args so the dashboard's alarm list shows it.
        ctx.schedule({ afterMs: inMs }, 'fire', { id, message });
        return { id, dueAt };
      },
    },
    fire: {
      description: 'Run by the alarm that `remind` scheduled; records the reminder as fired.',
      input: z.object({ id: z.number().int().positive(), message: z.string().max(500) }).strict(),
      handler: (ctx, { id }) => {
        // Only a pending reminder fires, once: a hand-made call or a repeated alarm changes nothing.
        const index = ctx.state.pending.findIndex((p) => p.id === id);
        if (index < 0) return null;
        const [due] = ctx.state.pending.splice(index, 1);
        const fired = { message: due!.message, dueAt: due!.dueAt, firedAt: ctx.now() };
        ctx.state.fired.push(fired);
        if (ctx.state.fired.length > MAX_FIRED) ctx.state.fired.splice(0, ctx.state.fired.length - MAX_FIRED);
        return fired;
      },
    },
    fired: {
      description: `The reminders that fired, oldest first (the last ${MAX_FIRED}).`,
      input: z.object({}).strict(),
      handler: (ctx) => ctx.state.fired,
    },
    pending: {
      description: 'The reminders still waiting, soonest first.',
      input: z.object({}).strict(),
      handler: (ctx) => [...ctx.state.pending].sort((a, b) => a.dueAt - b.dueAt),
    },
  },
});
