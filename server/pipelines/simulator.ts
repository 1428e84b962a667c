// The built-in sensor source: every 100 ms, the next tick of a seeded SensorStream
// (simulated-sensors.ts: round-robin sensors, strictly increasing ts per sensor, values inside
// [min, max], optional disorder) is published through the normal publish path. A tick whose
// previous publish is still running is skipped and counted (the source feels the backpressure);
// skipping does not advance the stream, so the events are the same for a seed whatever the load, and
// event time (start + 100 ms per published tick) falls behind the wall clock by 100 ms per skip.
import { randomInt } from 'node:crypto';
import { SensorStream, type SimulatedEvent, TICK_MS } from './simulated-sensors.ts';
import {
  type TSimulationOptions,
  type TSimulationOptionsInput,
  ZSimulationOptions,
} from './simulation-options.ts';

export type SimulationOptions = TSimulationOptionsInput;

export interface SimulationInfo extends Omit<TSimulationOptions, 'seed'> {
  /** The seed in use: the one given, else a random one (pass it again to replay the run). */
  seed: number;
  startedAt: number;
  endsAt: number | null;
  sent: number;
  rejected: number;
  skippedTicks: number;
  /** Events delivered out of order (counted in sent or rejected too). */
  delayed: number;
  /** Events delivered late (counted in sent or rejected too). */
  late: number;
}

type Publish = (events: SimulatedEvent[]) => Promise<unknown>;

export class SensorSimulator {
  readonly info: SimulationInfo;
  private readonly stream: SensorStream;
  private timer: NodeJS.Timeout;
  private busy = false;

  constructor(
    options: SimulationOptions,
    private readonly publish: Publish,
    private readonly onEnd: () => void,
  ) {
    const resolved = ZSimulationOptions.parse(options);
    const now = Date.now();
    const seed = resolved.seed ?? randomInt(2 ** 32);
    this.info = {
      ...resolved,
      seed,
      startedAt: now,
      endsAt: resolved.durationS ? now + resolved.durationS * 1000 : null,
      sent: 0,
      rejected: 0,
      skippedTicks: 0,
      delayed: 0,
      late: 0,
    };
    this.stream = new SensorStream({ ...resolved, seed, startTs: now });
    this.timer = setInterval(() => this.tick(), TICK_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private tick(): void {
    if (this.info.endsAt !== null && Date.now() >= this.info.endsAt) {
      this.stop();
      this.onEnd();
      return;
    }
    if (this.busy) {
      this.info.skippedTicks++;
      return;
    }
    const { events, delayed, late } = this.stream.next();
    this.info.delayed += delayed.length;
    this.info.late += late.length;
    if (events.length === 0) return;
    this.busy = true;
    this.publish(events)
      .then(() => {
        this.info.sent += events.length;
      })
      .catch(() => {
        this.info.rejected += events.length;
      })
      .finally(() => {
        this.busy = false;
      });
  }
}
