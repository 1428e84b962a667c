// The simulator's options, validated once with zod (the tRPC edge and direct callers alike): bounds,
// defaults and the checks that involve two fields, each failing with a message that names them.
import { z } from 'zod';
import { strictObject } from './spec.ts';

const MAX_ABS_VALUE = 1e9;

/** Every option but the rate (the tRPC input also takes 0 there, meaning "stop"). */
export const SIMULATION_FIELDS = {
  sensors: z.number().int().min(1).max(10_000).describe('Distinct sensor ids, sensor-1 .. sensor-N.'),
  durationS: z
    .number()
    .min(1)
    .max(24 * 3600)
    .optional()
    .describe('Stops after this many seconds; default: until stopped.'),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 32 - 1)
    .optional()
    .describe(
      'Same seed and options, same events (values, sensor order, ts offsets). Default: random, reported.',
    ),
  min: z
    .number()
    .min(-MAX_ABS_VALUE)
    .max(MAX_ABS_VALUE)
    .default(0)
    .describe('Smallest value a sensor reports.'),
  max: z
    .number()
    .min(-MAX_ABS_VALUE)
    .max(MAX_ABS_VALUE)
    .default(100)
    .describe('Largest value a sensor reports.'),
  outOfOrderMs: z
    .number()
    .int()
    .min(0)
    .max(60_000)
    .default(0)
    .describe('An out-of-order event is delivered after events up to this much event time newer than it.'),
  outOfOrderRatio: z.number().min(0).max(1).default(0).describe('Share of events delivered out of order.'),
  lateRatio: z.number().min(0).max(1).default(0).describe('Share of events delivered late.'),
  lateByMs: z
    .number()
    .int()
    .min(0)
    .max(600_000)
    .default(0)
    .describe('A late event is delivered after an event of its sensor at least this much newer.'),
};

interface TCrossChecked {
  min: number;
  max: number;
  outOfOrderMs: number;
  outOfOrderRatio: number;
  lateRatio: number;
  lateByMs: number;
}

/** The checks between fields; attach with `.superRefine`. */
export function refineSimulation(o: TCrossChecked, ctx: z.RefinementCtx): void {
  const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
  if (o.min >= o.max) issue('max', `max (${o.max}) must be greater than min (${o.min})`);
  if (o.outOfOrderRatio + o.lateRatio > 1) {
    issue('lateRatio', 'outOfOrderRatio + lateRatio must be at most 1 (each event is one or the other)');
  }
  if (o.outOfOrderRatio > 0 !== o.outOfOrderMs > 0) {
    issue('outOfOrderMs', 'outOfOrderMs and outOfOrderRatio go together: both 0, or both greater than 0');
  }
  if (o.lateRatio > 0 !== o.lateByMs > 0) {
    issue('lateByMs', 'lateByMs and lateRatio go together: both 0, or both greater than 0');
  }
}

export const ZSimulationOptions = strictObject({
  ratePerSec: z.number().min(0.1).max(1_000_000).describe('Events per second, over all sensors.'),
  ...SIMULATION_FIELDS,
}).superRefine(refineSimulation);

export type TSimulationOptionsInput = z.input<typeof ZSimulationOptions>;
export type TSimulationOptions = z.output<typeof ZSimulationOptions>;
