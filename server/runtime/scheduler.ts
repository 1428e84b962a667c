// The one message-level scheduler: every turn of every actor runs through it. It time-shares the
// event loop with deficit round robin (DRR) over scheduling groups (one per actor type by default,
// one per pipeline for operators): each round a group earns `quantumMs x weight` of run time and
// spends the measured cost of its turns, so an expensive, saturated group cannot starve cheap ones.
// Within a group, ready actors take turns round robin. A slice ends after `sliceMs`; the scheduler
// then yields to I/O (setImmediate) so sockets, HTTP and commits keep flowing.
import { Queue } from './queue.ts';

/** What the scheduler runs: an actor with queued messages. */
export interface Runnable {
  readonly group: string;
  /** True while queued in a ready list; maintained by the scheduler. */
  scheduled: boolean;
  /**
   * Runs up to `maxTurns` queued turns, stopping early once performance.now() reaches `until`;
   * returns true if it still has runnable work.
   */
  runTurns(maxTurns: number, until: number): boolean;
}

export interface SchedulerOptions {
  /** Longest stretch of turns before yielding to I/O. */
  sliceMs?: number;
  /** Run time a group earns per round (times its weight). */
  quantumMs?: number;
  /** Turns an actor runs before the next ready actor of its group gets the loop. */
  turnsPerRun?: number;
  /** 'fair' = DRR across groups; 'fifo' = one global ready list (the baseline the benchmark compares). */
  policy?: 'fair' | 'fifo';
}

interface Group {
  name: string;
  weight: number;
  deficit: number;
  ready: Queue<Runnable>;
  active: boolean;
}

export class Scheduler {
  private groups = new Map<string, Group>();
  private activeGroups = new Queue<Group>();
  private runScheduled = false;
  private burstStartedAt = 0;
  private inBurst = false;
  private readonly sliceMs: number;
  private readonly quantumMs: number;
  private readonly turnsPerRun: number;
  readonly policy: 'fair' | 'fifo';
  /** Turns run so far; the runtime's metrics read it. */
  slices = 0;

  constructor(options: SchedulerOptions = {}) {
    this.sliceMs = options.sliceMs ?? 4;
    this.quantumMs = options.quantumMs ?? 0.5;
    this.turnsPerRun = options.turnsPerRun ?? 32;
    this.policy = options.policy ?? 'fair';
  }

  /** Gives a group a share proportional to `weight` (pipeline priority). */
  setWeight(groupName: string, weight: number): void {
    this.group(groupName).weight = Math.max(0.01, weight);
  }

  /** Marks `runnable` ready; idempotent while it is already queued. */
  ready(runnable: Runnable): void {
    if (runnable.scheduled) return;
    runnable.scheduled = true;
    const group = this.group(this.policy === 'fifo' ? '*' : runnable.group);
    group.ready.push(runnable);
    if (!group.active) {
      group.active = true;
      this.activeGroups.push(group);
    }
    this.requestRun();
  }

  get readyCount(): number {
    let count = 0;
    for (const group of this.groups.values()) count += group.ready.size;
    return count;
  }

  private group(name: string): Group {
    let group = this.groups.get(name);
    if (!group) {
      group = { name, weight: 1, deficit: 0, ready: new Queue(), active: false };
      this.groups.set(name, group);
    }
    return group;
  }

  // Continuing a burst on the microtask queue keeps callers that await replies in lock-step with
  // the scheduler (no macrotask hop per turn); the burst is capped at sliceMs, then we yield.
  private requestRun(): void {
    if (this.runScheduled) return;
    this.runScheduled = true;
    if (!this.inBurst) {
      this.inBurst = true;
      this.burstStartedAt = performance.now();
      setImmediate(() => {
        this.inBurst = false;
      });
      queueMicrotask(() => this.run());
    } else if (performance.now() - this.burstStartedAt < this.sliceMs) {
      queueMicrotask(() => this.run());
    } else {
      setImmediate(() => this.run());
    }
  }

  private run(): void {
    this.runScheduled = false;
    this.slices++;
    const sliceEnd = performance.now() + this.sliceMs;
    let now = performance.now();
    while (this.activeGroups.size > 0 && now < sliceEnd) {
      const group = this.activeGroups.shift()!;
      // FIFO (the benchmark's baseline) ignores cost: whoever is ready runs, in arrival order.
      group.deficit =
        this.policy === 'fifo' ? Number.POSITIVE_INFINITY : group.deficit + this.quantumMs * group.weight;
      while (group.deficit > 0 && group.ready.size > 0 && now < sliceEnd) {
        const runnable = group.ready.shift()!;
        runnable.scheduled = false;
        // Budget: the group's remaining deficit, capped by the slice, so neither one expensive
        // actor nor a whole run of its turns can overrun the slice or its group's share.
        const more = runnable.runTurns(this.turnsPerRun, Math.min(sliceEnd, now + group.deficit));
        const after = performance.now();
        group.deficit -= after - now;
        now = after;
        if (more && !runnable.scheduled) {
          runnable.scheduled = true;
          group.ready.push(runnable);
        }
      }
      if (group.ready.size === 0) {
        group.active = false;
        group.deficit = 0;
      } else {
        this.activeGroups.push(group);
      }
    }
    if (this.activeGroups.size > 0) this.requestRun();
  }
}
