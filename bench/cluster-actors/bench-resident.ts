// A bench-only type: a durable counter without the journal that stays resident for 10 minutes, so
// the 100,000 actors the cluster bench activates are all still in memory when it counts them (the
// project's counter deactivates after 30 s), and a `get` commits nothing (pure routing latency).
import { defineActor } from 'troupe';
import { z } from 'zod';

export const benchResident = defineActor({
  type: 'bench-resident',
  state: () => ({ count: 0 }),
  idleTimeoutMs: 10 * 60_000,
  actions: {
    increment: {
      input: z.object({ by: z.number().int().default(1) }),
      handler: (ctx, { by }) => {
        ctx.state.count += by;
        return ctx.state.count;
      },
    },
    get: { input: z.object({}), handler: (ctx) => ctx.state.count },
  },
});
