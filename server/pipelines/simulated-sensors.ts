// The sensor simulator's event generator, pure: no clock, no timer, no I/O. Each call to `next()` is
// one 100 ms tick of event time and returns the events to deliver for it, in delivery order. Same
// options (seed included), same ticks: the same events, whatever the machine or its load.
//
// Schedule. Event n of the simulation (n = 0, 1, ...) belongs to sensor `n mod sensors`, and tick t
// holds events floor(rate·t/10) .. floor(rate·(t+1)/10) − 1, spread evenly over [t·100, (t+1)·100) ms
// after the start. So the total rate is exact, sensors take turns round-robin (at any moment two
// sensors' counts differ by at most one), every sensor emits in every tick once rate >= 10·sensors,
// and below that each sensor emits every sensors/(rate/10) ticks, in a fixed order.
//
// Time. A sensor's timestamps strictly increase: whole milliseconds while a sensor emits at most
// 1,000 events/s (rate/sensors <= 1000); above that, fractions of a millisecond (a whole-ms clock
// cannot tell 10,000 events of a second apart).
//
// Values. A random walk per sensor inside [min, max] (steps of ±4 % of the range, reflected at the
// bounds) plus noise of ±10 %, folded back inside too, then rounded (to 2 decimals for a range of
// 100) and clamped, so a value is never outside the range.
//
// Disorder. Per event, one draw: with probability lateRatio it is *late*: held back until its sensor
// has delivered an event at least lateByMs newer, and delivered right after that one; else with
// probability outOfOrderRatio it is *out of order*: delivered as if its ts were ts + d, d uniform in
// (0, outOfOrderMs], so no event delivered before it is more than outOfOrderMs newer. Disorder
// changes the delivery order only: ts and values come from their own PRNG stream and are the same
// with or without it. At most `maxHeld` events wait at a time (more go on time), and events still
// held when the simulation ends are never delivered.
import { mulberry32, substreamSeed } from './prng.ts';

export const TICK_MS = 100;
const DEFAULT_MAX_HELD = 100_000;

export interface SensorStreamOptions {
  ratePerSec: number;
  sensors: number;
  seed: number;
  min: number;
  max: number;
  outOfOrderMs: number;
  outOfOrderRatio: number;
  lateRatio: number;
  lateByMs: number;
  /** Event time of the first tick's start (epoch ms); 0 gives offsets. */
  startTs: number;
  /** Most events held back at once (memory bound); default 100,000. */
  maxHeld?: number;
}

export interface SimulatedEvent {
  sensorId: string;
  value: number;
  ts: number;
}

export interface SensorTick {
  /** This tick's number, from 0. */
  tick: number;
  /** What to publish for this tick, in delivery order. */
  events: SimulatedEvent[];
  /** Positions in `events` of the ones delivered out of order. */
  delayed: number[];
  /** Positions in `events` of the ones delivered late. */
  late: number[];
}

interface Held {
  event: SimulatedEvent;
  sensor: number;
  /** Delivery order: the event time it is delivered as. */
  key: number;
  /** Its number n, to break ties in generation order. */
  seq: number;
  delayed: boolean;
}

const byDelivery = (a: Held, b: Held) => a.key - b.key || a.seq - b.seq;

/** Two lists sorted by delivery order, merged into one. */
function merge(a: Held[], b: Held[]): Held[] {
  if (b.length === 0) return a;
  const out: Held[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) out.push(byDelivery(a[i]!, b[j]!) <= 0 ? a[i++]! : b[j++]!);
  while (i < a.length) out.push(a[i++]!);
  while (j < b.length) out.push(b[j++]!);
  return out;
}

export class SensorStream {
  private tick = 0;
  private readonly levels: number[];
  private readonly random: () => number;
  private readonly chaos: () => number;
  private readonly span: number;
  private readonly scale: number;
  private readonly wholeMs: boolean;
  private readonly maxHeld: number;
  /** Out-of-order events not yet due, in no particular order. */
  private waiting: Held[] = [];
  /** Late events per sensor, oldest first (their release thresholds increase). */
  private readonly lateQueues = new Map<number, Held[]>();
  private lateWaiting = 0;

  constructor(private readonly options: SensorStreamOptions) {
    this.random = mulberry32(substreamSeed(options.seed, 0));
    this.chaos = mulberry32(substreamSeed(options.seed, 1));
    this.span = options.max - options.min;
    this.scale = 10 ** Math.max(0, Math.min(10, 4 - Math.floor(Math.log10(this.span))));
    this.wholeMs = options.ratePerSec / options.sensors <= 1000;
    this.maxHeld = options.maxHeld ?? DEFAULT_MAX_HELD;
    this.levels = Array.from(
      { length: options.sensors },
      () => options.min + this.span * (0.3 + 0.4 * this.random()),
    );
  }

  /** Events waiting to be delivered (out of order or late). */
  get held(): number {
    return this.waiting.length + this.lateWaiting;
  }

  next(): SensorTick {
    const { ratePerSec, sensors, startTs } = this.options;
    const tick = this.tick++;
    const tickStart = startTs + tick * TICK_MS;
    const from = eventsBefore(ratePerSec, tick);
    const count = eventsBefore(ratePerSec, tick + 1) - from;
    const onTime: Held[] = [];
    for (let j = 0; j < count; j++) {
      const n = from + j;
      const sensor = n % sensors;
      const offset = (j * TICK_MS) / count;
      const event: SimulatedEvent = {
        sensorId: `sensor-${sensor + 1}`,
        value: this.value(sensor),
        ts: tickStart + (this.wholeMs ? Math.floor(offset) : offset),
      };
      this.place({ event, sensor, key: event.ts, seq: n, delayed: false }, onTime);
    }
    // Out-of-order events due by the tick's end join the on-time ones (already in order) by key.
    const tickEnd = tickStart + TICK_MS;
    const dueDelayed: Held[] = [];
    const stillWaiting: Held[] = [];
    for (const held of this.waiting) (held.key < tickEnd ? dueDelayed : stillWaiting).push(held);
    this.waiting = stillWaiting;
    dueDelayed.sort(byDelivery);
    return { tick, ...this.deliver(merge(onTime, dueDelayed)) };
  }

  /** On time into `due`, or held back as out of order or late (one draw decides). */
  private place(held: Held, due: Held[]): void {
    const { outOfOrderMs, outOfOrderRatio, lateRatio, lateByMs } = this.options;
    if (outOfOrderRatio === 0 && lateRatio === 0) {
      due.push(held);
      return;
    }
    // Two draws per event whatever happens, so the stream's position depends on the count alone.
    const kind = this.chaos();
    const delay = (1 - this.chaos()) * outOfOrderMs;
    const room = this.held < this.maxHeld;
    if (kind < lateRatio && room) {
      held.key = held.event.ts + lateByMs;
      const queue = this.lateQueues.get(held.sensor);
      if (queue) queue.push(held);
      else this.lateQueues.set(held.sensor, [held]);
      this.lateWaiting++;
    } else if (kind >= lateRatio && kind < lateRatio + outOfOrderRatio && room) {
      held.key = held.event.ts + delay;
      held.delayed = true;
      this.waiting.push(held);
    } else due.push(held);
  }

  /** The due events in order, each followed by the late events of its sensor it releases. */
  private deliver(due: Held[]) {
    const events: SimulatedEvent[] = [];
    const delayed: number[] = [];
    const late: number[] = [];
    for (const held of due) {
      if (held.delayed) delayed.push(events.length);
      events.push(held.event);
      const queue = this.lateQueues.get(held.sensor);
      if (!queue) continue;
      let released = 0;
      while (released < queue.length && queue[released]!.key <= held.event.ts) {
        late.push(events.length);
        events.push(queue[released]!.event);
        released++;
      }
      if (released === 0) continue;
      this.lateWaiting -= released;
      if (released === queue.length) this.lateQueues.delete(held.sensor);
      else queue.splice(0, released);
    }
    return { events, delayed, late };
  }

  private value(sensor: number): number {
    const step = (this.random() - 0.5) * 0.08 * this.span;
    const level = this.fold(this.levels[sensor]! + step);
    this.levels[sensor] = level;
    const noisy = this.fold(level + (this.random() - 0.5) * 0.2 * this.span);
    const rounded = Math.round(noisy * this.scale) / this.scale;
    return Math.min(this.options.max, Math.max(this.options.min, rounded));
  }

  /** Reflects x at the bounds until it lies in [min, max]. */
  private fold(x: number): number {
    const { min, max } = this.options;
    const period = 2 * this.span;
    const r = (((x - min) % period) + period) % period;
    return Math.min(max, Math.max(min, min + (r <= this.span ? r : period - r)));
  }
}

/** How many events come before tick `tick` (the epsilon keeps a product like 2.9999999999999996 from counting as 2). */
function eventsBefore(ratePerSec: number, tick: number): number {
  return Math.floor((ratePerSec * tick) / (1000 / TICK_MS) + 1e-9);
}
