// Cron expressions for ctx.schedule.cron: standard 5 fields (minute hour day-of-month month
// day-of-week), evaluated in UTC so a schedule means the same on every server. croner parses and
// computes the next match; it is only asked, never left running (paused), so no timers leak.
import { Cron } from 'croner';
import { ActorError } from './errors.ts';

export interface CronSchedule {
  readonly expression: string;
  /** The first match strictly after `afterMs` (epoch ms). */
  nextAfter(afterMs: number): number;
}

const parsed = new Map<string, CronSchedule>();
const MAX_CACHED = 1_000;

export function parseCron(expression: unknown): CronSchedule {
  if (typeof expression !== 'string' || expression.length > 200) {
    throw new ActorError('BAD_INPUT', 'a cron expression is a string of 5 fields, e.g. "*/5 * * * *"');
  }
  const normalized = expression.trim().replace(/\s+/g, ' ');
  const cached = parsed.get(normalized);
  if (cached) return cached;
  if (normalized.split(' ').length !== 5) {
    throw new ActorError(
      'BAD_INPUT',
      `cron "${expression}" must have 5 fields (minute hour day-of-month month day-of-week)`,
    );
  }
  let cron: Cron;
  try {
    cron = new Cron(normalized, { paused: true, timezone: 'UTC' });
  } catch (error) {
    throw new ActorError('BAD_INPUT', `cron "${expression}": ${(error as Error).message}`);
  }
  const schedule: CronSchedule = {
    expression: normalized,
    nextAfter(afterMs) {
      const next = cron.nextRun(new Date(afterMs));
      if (!next) throw new ActorError('BAD_INPUT', `cron "${normalized}" never matches again`);
      return next.getTime();
    },
  };
  if (parsed.size >= MAX_CACHED) parsed.clear();
  parsed.set(normalized, schedule);
  return schedule;
}
