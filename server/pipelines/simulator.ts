// The built-in sensor source: `sensors` sensors emitting a noisy random walk around 50 at
// `ratePerSec` in total, published every 100 ms through the normal publish path. A tick whose
// previous publish is still running is skipped and counted (the source feels the backpressure).

const TICK_MS = 100;

export interface SimulationOptions {
  ratePerSec: number;
  sensors: number;
  durationS?: number;
}

export interface SimulationInfo extends SimulationOptions {
  startedAt: number;
  endsAt: number | null;
  sent: number;
  rejected: number;
  skippedTicks: number;
}

type Publish = (events: { sensorId: string; value: number; ts: number }[]) => Promise<unknown>;

export class SensorSimulator {
  readonly info: SimulationInfo;
  private timer: NodeJS.Timeout;
  private busy = false;
  private carry = 0;
  private readonly levels: number[];

  constructor(
    options: SimulationOptions,
    private readonly publish: Publish,
    private readonly onEnd: () => void,
  ) {
    const now = Date.now();
    this.info = {
      ...options,
      startedAt: now,
      endsAt: options.durationS ? now + options.durationS * 1000 : null,
      sent: 0,
      rejected: 0,
      skippedTicks: 0,
    };
    this.levels = Array.from({ length: options.sensors }, () => 30 + Math.random() * 40);
    this.timer = setInterval(() => this.tick(), TICK_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private tick(): void {
    const now = Date.now();
    if (this.info.endsAt !== null && now >= this.info.endsAt) {
      this.stop();
      this.onEnd();
      return;
    }
    if (this.busy) {
      this.info.skippedTicks++;
      return;
    }
    const exact = (this.info.ratePerSec * TICK_MS) / 1000 + this.carry;
    const count = Math.floor(exact);
    this.carry = exact - count;
    if (count === 0) return;
    const events = Array.from({ length: count }, (_, i) => {
      const sensor = i % this.info.sensors;
      const level = Math.min(100, Math.max(0, this.levels[sensor]! + (Math.random() - 0.5) * 8));
      this.levels[sensor] = level;
      const value = Math.round((level + (Math.random() - 0.5) * 20) * 100) / 100;
      return { sensorId: `sensor-${sensor + 1}`, value, ts: now };
    });
    this.busy = true;
    this.publish(events)
      .then(() => {
        this.info.sent += count;
      })
      .catch(() => {
        this.info.rejected += count;
      })
      .finally(() => {
        this.busy = false;
      });
  }
}
