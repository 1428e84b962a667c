/** Plain counters, bumped on hot paths (no allocation); `system.metrics` and /metrics read them. */
export interface RuntimeMetrics {
  activationsTotal: number;
  deactivationsTotal: number;
  activationFailures: number;
  turnsTotal: number;
  turnsFailed: number;
  rejectedOverloaded: number;
  timeouts: number;
  alarmsFired: number;
}

export function createMetrics(): RuntimeMetrics {
  return {
    activationsTotal: 0,
    deactivationsTotal: 0,
    activationFailures: 0,
    turnsTotal: 0,
    turnsFailed: 0,
    rejectedOverloaded: 0,
    timeouts: 0,
    alarmsFired: 0,
  };
}
