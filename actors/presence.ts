// An ephemeral type (no durable facet): who is in a room right now. Presence is worth nothing after a
// restart, so it never touches storage: turns answer without waiting for a commit, and the state
// starts empty at each activation (and after the idle timeout). The dashboard marks it ephemeral.
import { defineActor, virtual } from 'troupe';
import { z } from 'zod';

const USER = z.string().trim().min(1).max(40);
/** People a room tracks at once; more are refused rather than kept without bound. */
const MAX_PRESENT = 1_000;

export const presence = defineActor({
  type: 'presence',
  // A list, not a record keyed by user: user names are client strings, never object keys.
  state: () => ({ present: [] as { user: string; since: number }[] }),
  facets: [virtual({ idleTimeoutMs: 5 * 60_000 })],
  actions: {
    join: {
      description: 'Marks `user` present (again); returns how many are present.',
      input: z.object({ user: USER }).strict(),
      handler: (ctx, { user }) => {
        const others = ctx.state.present.filter((p) => p.user !== user);
        if (others.length >= MAX_PRESENT) throw new Error(`a room holds ${MAX_PRESENT} people`);
        ctx.state.present = [...others, { user, since: ctx.now() }]; // a rejoin moves to the end
        return ctx.state.present.length;
      },
    },
    leave: {
      description: 'Marks `user` gone; returns how many are present.',
      input: z.object({ user: USER }).strict(),
      handler: (ctx, { user }) => {
        ctx.state.present = ctx.state.present.filter((p) => p.user !== user);
        return ctx.state.present.length;
      },
    },
    who: {
      description: 'Who is present, in the order they (re)joined.',
      input: z.object({}).strict(),
      handler: (ctx) => ctx.state.present,
    },
  },
});
