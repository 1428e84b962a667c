// What a handler sees during one turn. Effects (alarms, broadcasts) are buffered and only become
// real if the turn commits; a context outlived by its turn (e.g. a timed-out handler) is inert.
import { type CronSchedule, parseCron } from './cron.ts';
import type { ActorContext, ActorRefLike, ActorSelf, AlarmWhen, Schedule } from './definition.ts';
import { ActorError } from './errors.ts';
import type { AlarmCancel, AlarmWrite, StreamAppend, StreamTrim } from './storage.ts';

export interface TurnHost {
  readonly self: ActorSelf;
  state: unknown;
  now(): number;
  hasAction(action: string): boolean;
  /** The type's facets: without `alarms`, ctx.schedule is refused. */
  readonly traits: { readonly alarms: boolean };
  refFor(type: string, key: string): ActorRefLike;
}

export interface PendingBroadcast {
  event: string;
  payload: unknown;
}

export class TurnContext implements ActorContext<unknown> {
  dead = false;
  /** The state object as it was when the turn ended, so a late handler cannot touch the live state. */
  private detachedState: unknown;
  alarms: AlarmWrite[] | null = null;
  alarmCancels: AlarmCancel[] | null = null;
  private scheduleFn: Schedule | null = null;
  broadcasts: PendingBroadcast[] | null = null;
  appends: StreamAppend[] | null = null;
  trims: StreamTrim[] | null = null;

  constructor(private readonly host: TurnHost) {}

  get state(): unknown {
    return this.dead ? this.detachedState : this.host.state;
  }

  set state(value: unknown) {
    this.assertLive();
    this.host.state = value;
  }

  get self(): ActorSelf {
    return this.host.self;
  }

  now(): number {
    return this.host.now();
  }

  /** ctx.schedule(when, action, args), with .cron and .cancel: made once per turn, on first use. */
  get schedule(): Schedule {
    if (this.scheduleFn) return this.scheduleFn;
    const schedule = (when: AlarmWhen, action: string, args?: unknown) => this.scheduleAt(when, action, args);
    schedule.cron = (expression: string, action: string, args?: unknown) =>
      this.scheduleCron(expression, action, args);
    schedule.cancel = (action: string) => this.cancelAlarms(action);
    this.scheduleFn = schedule;
    return schedule;
  }

  private scheduleAt(when: AlarmWhen, action: string, args: unknown): void {
    this.assertSchedulable(action);
    const dueAt = 'at' in when ? when.at : this.host.now() + Math.max(0, when.afterMs);
    if (!Number.isFinite(dueAt)) throw new ActorError('BAD_INPUT', 'alarm time must be a finite number');
    this.addAlarm(action, args, dueAt, null);
  }

  private scheduleCron(expression: string, action: string, args: unknown): void {
    this.assertSchedulable(action);
    const cron: CronSchedule = parseCron(expression);
    this.cancelAlarms(action, true); // one schedule per action: this one replaces the previous
    this.addAlarm(action, args, cron.nextAfter(this.host.now()), cron.expression);
  }

  /** Removes the actor's stored alarms for `action` and drops ones this turn scheduled. */
  private cancelAlarms(action: string, cronOnly = false): void {
    this.assertLive();
    const { type, key } = this.self;
    if (this.alarms) {
      this.alarms = this.alarms.filter((a) => a.action !== action || (cronOnly && a.cron === null));
    }
    const cancel = { type, key, action, cronOnly };
    if (this.alarmCancels) this.alarmCancels.push(cancel);
    else this.alarmCancels = [cancel];
  }

  private addAlarm(action: string, args: unknown, dueAt: number, cron: string | null): void {
    const { type, key } = this.self;
    const alarm = { type, key, action, args: JSON.stringify(args ?? null), dueAt, cron };
    if (this.alarms) this.alarms.push(alarm);
    else this.alarms = [alarm];
  }

  private assertSchedulable(action: string): void {
    this.assertLive();
    if (!this.host.traits.alarms) {
      throw new ActorError('PRECONDITION_FAILED', `${this.self.type} has no alarms facet; add alarms()`);
    }
    if (!this.host.hasAction(action)) {
      throw new ActorError('NOT_FOUND', `cannot schedule unknown action "${action}" of ${this.self.type}`);
    }
  }

  append(stream: string, seq: number, payload: unknown): void {
    this.assertLive();
    const entry = { stream, seq, payload: JSON.stringify(payload ?? null), at: this.host.now() };
    if (this.appends) this.appends.push(entry);
    else this.appends = [entry];
  }

  trim(stream: string, belowSeq: number): void {
    this.assertLive();
    if (this.trims) this.trims.push({ stream, belowSeq });
    else this.trims = [{ stream, belowSeq }];
  }

  broadcast(event: string, payload: unknown): void {
    this.assertLive();
    if (this.broadcasts) this.broadcasts.push({ event, payload });
    else this.broadcasts = [{ event, payload }];
  }

  get(type: string, key: string): ActorRefLike {
    return this.host.refFor(type, key);
  }

  /** Ends the turn for this context: later reads see a frozen reference, writes throw. */
  end(): void {
    if (this.dead) return;
    this.detachedState = this.host.state;
    this.dead = true;
  }

  private assertLive(): void {
    if (this.dead) throw new ActorError('PRECONDITION_FAILED', 'this turn has ended; its context is inert');
  }
}
