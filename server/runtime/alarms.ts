// Durable alarms: rows in storage, fired by activating their actor. One timer is armed for the
// earliest due alarm. Delivery is at-least-once: the alarm row is deleted in the same commit as the
// turn it ran, and a failed turn reschedules it with exponential backoff. An alarm naming an action
// its type no longer has (removed by a redeploy) can never succeed: it is dropped with a log line
// instead of being retried forever. One whose type is missing is retried: a type that failed to load
// at start may come back.
import type { CancelTimer, Clock } from './clock.ts';
import type { ActorError } from './errors.ts';
import type { RuntimeLogger } from './logger.ts';
import { emptyBatch, type StorageDriver, type StoredAlarm } from './storage.ts';

const BATCH = 256;
/** Re-poll storage at least this often, so an alarm written by another process is not missed. */
const MAX_SLEEP_MS = 30_000;
const MAX_BACKOFF_MS = 5 * 60_000;

export interface AlarmDeps {
  driver: StorageDriver;
  clock: Clock;
  logger: RuntimeLogger;
  /** False when the alarm's type is registered without its action (and without onAlarm). */
  runnable(alarm: StoredAlarm): boolean;
  /** Runs the alarm's turn; `onDone` reports its outcome. */
  deliver(alarm: StoredAlarm, onDone: (error?: ActorError) => void): void;
}

export class AlarmService {
  private cancelTimer: CancelTimer | null = null;
  private armedFor = Number.POSITIVE_INFINITY;
  private readonly inFlight = new Set<number>();
  private firing = false;
  private stopped = false;
  fired = 0;
  retried = 0;

  constructor(private readonly deps: AlarmDeps) {}

  async start(): Promise<void> {
    await this.arm();
  }

  stop(): void {
    this.stopped = true;
    this.cancelTimer?.();
    this.cancelTimer = null;
  }

  /** A commit added an alarm due at `dueAt`: wake earlier if needed. */
  notify(dueAt: number): void {
    if (dueAt < this.armedFor) this.setTimer(dueAt);
  }

  private async arm(): Promise<void> {
    if (this.stopped) return;
    const next = await this.nextDueNotInFlight();
    // Only ever earlier: an alarm that failed while we were reading may have armed a retry already.
    this.notify(next ?? this.deps.clock.now() + MAX_SLEEP_MS);
  }

  /**
   * An alarm being delivered keeps its row until its turn commits; arming for it would re-fire the
   * timer at once, again and again (a hot poll loop for as long as that turn runs). Its own outcome
   * re-arms instead: success deletes the row, failure reschedules it and calls notify().
   */
  private async nextDueNotInFlight(): Promise<number | undefined> {
    const { driver } = this.deps;
    if (this.inFlight.size === 0) return driver.nextAlarmDue();
    const earliest = await driver.dueAlarms(Number.MAX_SAFE_INTEGER, this.inFlight.size + 1);
    return earliest.find((alarm) => !this.inFlight.has(alarm.id))?.dueAt;
  }

  private setTimer(dueAt: number): void {
    if (this.stopped) return;
    this.cancelTimer?.();
    const now = this.deps.clock.now();
    const wakeAt = Math.min(dueAt, now + MAX_SLEEP_MS);
    this.armedFor = wakeAt;
    this.cancelTimer = this.deps.clock.setTimer(() => void this.fire(), wakeAt - now);
  }

  private async fire(): Promise<void> {
    this.cancelTimer = null;
    this.armedFor = Number.POSITIVE_INFINITY;
    if (this.stopped || this.firing) return;
    this.firing = true;
    try {
      const due = await this.deps.driver.dueAlarms(this.deps.clock.now(), BATCH + this.inFlight.size);
      for (const alarm of due) {
        if (this.inFlight.has(alarm.id)) continue;
        this.inFlight.add(alarm.id);
        this.fired++;
        this.deps.deliver(alarm, (error) => void this.settle(alarm, error));
      }
    } catch (error) {
      this.deps.logger.error({ err: error }, 'alarm poll failed');
    } finally {
      this.firing = false;
    }
    await this.arm();
  }

  private async settle(alarm: StoredAlarm, error?: ActorError): Promise<void> {
    if (error?.code === 'NOT_FOUND' && !this.stopped && !this.deps.runnable(alarm)) {
      const { id, type, key, action } = alarm;
      this.deps.logger.error({ alarm: id, type, key, action, err: error }, 'alarm dropped: it can never run');
      try {
        await this.deps.driver.commit({ ...emptyBatch(), alarmsDeleted: [{ id, type, key }] });
      } catch (dropError) {
        this.deps.logger.error({ err: dropError, alarm: id }, 'dropping an alarm failed');
      }
      this.inFlight.delete(id);
      return;
    }
    if (error && !this.stopped) {
      const attempts = alarm.attempts + 1;
      const backoff = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** (attempts - 1));
      const dueAt = this.deps.clock.now() + backoff;
      this.retried++;
      try {
        await this.deps.driver.rescheduleAlarm(alarm.id, dueAt, attempts);
      } catch (rescheduleError) {
        this.deps.logger.error({ err: rescheduleError, alarm: alarm.id }, 'alarm reschedule failed');
      }
      this.inFlight.delete(alarm.id);
      this.notify(dueAt);
      return;
    }
    this.inFlight.delete(alarm.id);
  }
}
