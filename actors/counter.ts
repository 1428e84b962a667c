// The durable counter (the Rivet / Durable Objects reference workload).

import { defineActor } from 'troupe';
import { z } from 'zod';

export interface CounterState {
  count: number;
}

export const counter = defineActor({
  type: 'counter',
  state: (): CounterState => ({ count: 0 }),
  idleTimeoutMs: 30_000,
  journal: true,
  actions: {
    increment: {
      description: 'Adds `by` (default 1) and returns the new count.',
      input: z.object({ by: z.number().int().min(-1_000_000).max(1_000_000).default(1) }),
      handler: (ctx, { by }) => {
        ctx.state.count += by;
        return ctx.state.count;
      },
    },
    get: {
      description: 'Returns the current count.',
      input: z.object({}),
      handler: (ctx) => ctx.state.count,
    },
  },
});
