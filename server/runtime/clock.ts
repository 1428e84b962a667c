// Time is injected so idle timeouts, alarms and deadlines are testable without sleeping.

export type CancelTimer = () => void;

export interface Clock {
  now(): number;
  /** Calls `fn` once after `ms`; the returned function cancels it. */
  setTimer(fn: () => void, ms: number): CancelTimer;
}

export const systemClock: Clock = {
  // Date.now itself, not a wrapper: it is read on every ask (deadlines) and every run of turns.
  now: Date.now,
  setTimer(fn, ms) {
    const handle = setTimeout(fn, Math.max(0, ms));
    // Timers must never keep a process alive on their own (shutdown, tests).
    handle.unref();
    return () => clearTimeout(handle);
  },
};
