// The autoscaler's decision for one operator, as a pure function of what it has seen (no clock, no
// runtime), so the policy is tested deterministically. Up: double (capped at max) once the operator
// has been over its target at every sample for `upAfterMs`. Down: halve (floored at min) once it has
// been well under for the longer `downAfterMs`: per-partition backlog at most half the target even
// after halving, p99 at most half its target (or no turn ran). Any change, the controller's or a
// manual one, starts a cooldown. The gap between "over" and "well under" and the longer wait to go
// down are the hysteresis: a steady load never flips the operator back and forth.
import type { TAutoscale } from './autoscale-spec.ts';

/** Records waiting per partition that scale an operator up when its spec gives neither target. */
export const DEFAULT_TARGET_BACKLOG = 100;

export interface AutoscaleTimings {
  /** How often the controller samples. */
  intervalMs: number;
  /** Over target at every sample for this long before scaling up. */
  upAfterMs: number;
  /** Well under target at every sample for this long before scaling down. */
  downAfterMs: number;
  /** No automatic change for this long after any change of the operator's partitions. */
  cooldownMs: number;
}

export const DEFAULT_TIMINGS: AutoscaleTimings = {
  intervalMs: 1000,
  upAfterMs: 3000,
  downAfterMs: 15_000,
  cooldownMs: 10_000,
};

export interface AutoscaleReading {
  /** Records waiting in all the operator's partitions' mailboxes. */
  backlog: number;
  /** p99 processing time of the operator's recent turns; null when no turn ran since the last sample. */
  p99Ms: number | null;
}

/** What the controller remembers of one operator between samples. */
export interface OperatorTrack {
  /** Partitions when last seen: a change (anyone's) restarts the cooldown and the sustain timers. */
  partitions: number;
  /** Since when every sample was over target (null: the last one was not). */
  overSince: number | null;
  /** Since when every sample was well under target. */
  underSince: number | null;
  /** The last change of partitions seen or decided. */
  changedAt: number;
}

export interface ScaleChange {
  to: number;
  reason: string;
}

/** A first sight of an operator: no cooldown pending (a fresh pipeline may scale up at once). */
export function newTrack(partitions: number): OperatorTrack {
  return { partitions, overSince: null, underSince: null, changedAt: Number.NEGATIVE_INFINITY };
}

/** The targets an operator is held to: its own, or the default backlog when it gives neither. */
export function effectiveTargets(autoscale: TAutoscale): { backlog?: number; p99Ms?: number } {
  if (autoscale.targetBacklog === undefined && autoscale.targetP99Ms === undefined) {
    return { backlog: DEFAULT_TARGET_BACKLOG };
  }
  return { backlog: autoscale.targetBacklog, p99Ms: autoscale.targetP99Ms };
}

export function decideScale(input: {
  autoscale: TAutoscale;
  partitions: number;
  reading: AutoscaleReading;
  track: OperatorTrack;
  now: number;
  timings: AutoscaleTimings;
}): { track: OperatorTrack; change: ScaleChange | null } {
  const { autoscale, partitions, reading, now, timings } = input;
  const { min, max } = autoscale;
  let track = input.track;
  if (track.partitions !== partitions) {
    track = { partitions, overSince: null, underSince: null, changedAt: now };
  }
  // Outside the bounds (not reachable through create or scale, which clamp and check): back inside.
  if (partitions < min || partitions > max) {
    const to = partitions < min ? min : max;
    return {
      track: { ...track, changedAt: now },
      change: { to, reason: `outside autoscale bounds [${min}, ${max}]` },
    };
  }

  const targets = effectiveTargets(autoscale);
  const perPartition = reading.backlog / partitions;
  const over: string[] = [];
  if (targets.backlog !== undefined && perPartition > targets.backlog) {
    over.push(`backlog ${formatCount(perPartition)} > ${targets.backlog} per partition`);
  }
  if (targets.p99Ms !== undefined && reading.p99Ms !== null && reading.p99Ms > targets.p99Ms) {
    over.push(`p99 ${formatMs(reading.p99Ms)} ms > ${formatMs(targets.p99Ms)} ms`);
  }
  const down = Math.max(min, Math.ceil(partitions / 2));
  const underBacklog = targets.backlog === undefined || reading.backlog / down <= targets.backlog / 2;
  const underP99 =
    targets.p99Ms === undefined || reading.p99Ms === null || reading.p99Ms <= targets.p99Ms / 2;
  const isOver = over.length > 0;
  const isUnder = !isOver && underBacklog && underP99;

  track = {
    ...track,
    overSince: isOver ? (track.overSince ?? now) : null,
    underSince: isUnder ? (track.underSince ?? now) : null,
  };
  const cooling = now - track.changedAt < timings.cooldownMs;
  if (cooling) return { track, change: null };

  if (isOver && partitions < max && now - track.overSince! >= timings.upAfterMs) {
    const to = Math.min(max, partitions * 2);
    return { track: { ...track, changedAt: now }, change: { to, reason: over.join('; ') } };
  }
  if (isUnder && partitions > min && now - track.underSince! >= timings.downAfterMs) {
    return {
      track: { ...track, changedAt: now },
      change: { to: down, reason: underReason(reading, perPartition) },
    };
  }
  return { track, change: null };
}

function underReason(reading: AutoscaleReading, perPartition: number): string {
  if (reading.p99Ms === null) return `idle: backlog ${formatCount(perPartition)}`;
  return `under target: backlog ${formatCount(perPartition)} per partition, p99 ${formatMs(reading.p99Ms)} ms`;
}

const formatCount = (n: number) => String(Math.round(n));
const formatMs = (ms: number) => String(Math.round(ms * 100) / 100);
