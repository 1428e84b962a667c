// Cron, reachable by anyone: `start({ cron })` makes the runtime call `beat` on every occurrence of a
// 5-field cron expression (UTC). The schedule is durable: it survives deactivation and restarts, and
// occurrences missed while the server was down are run once when it comes back, not once each.
import { defineActor } from 'troupe';
import { z } from 'zod';

/** Newest beats kept. */
const MAX_BEATS = 50;

/** Five space-separated fields; the runtime checks the values themselves (BAD_INPUT if invalid). */
const CRON = z
  .string()
  .trim()
  .max(100)
  .regex(
    /^\S+( +\S+){4}$/,
    'cron must have 5 fields: minute hour day-of-month month day-of-week, e.g. "* * * * *"',
  );

export const heartbeat = defineActor({
  type: 'heartbeat',
  state: () => ({ cron: null as string | null, beats: [] as number[] }),
  actions: {
    start: {
      description: 'Beats on every occurrence of `cron` (5 fields, UTC), e.g. "* * * * *" every minute.',
      input: z.object({ cron: CRON }).strict(),
      handler: (ctx, { cron }) => {
        ctx.schedule.cron(cron, 'beat'); // replaces an earlier schedule of `beat`
        ctx.state.cron = cron;
        return { cron };
      },
    },
    beat: {
      description: 'Run by the cron schedule; records the time of the beat.',
      input: z.object({}).strict(),
      handler: (ctx) => {
        ctx.state.beats.push(ctx.now());
        if (ctx.state.beats.length > MAX_BEATS) ctx.state.beats.splice(0, ctx.state.beats.length - MAX_BEATS);
        return ctx.state.beats.length;
      },
    },
    stop: {
      description: 'Cancels the schedule.',
      input: z.object({}).strict(),
      handler: (ctx) => {
        ctx.schedule.cancel('beat');
        ctx.state.cron = null;
        return { cron: null };
      },
    },
    beats: {
      description: `The schedule and the times (epoch ms) of the last ${MAX_BEATS} beats, oldest first.`,
      input: z.object({}).strict(),
      handler: (ctx) => ({ cron: ctx.state.cron, beats: ctx.state.beats }),
    },
  },
});
