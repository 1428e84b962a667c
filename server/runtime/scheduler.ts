// The one message-level scheduler: every turn of every actor runs through it. It time-shares the
// event loop with deficit round robin (DRR) over scheduling groups (one per actor type by default,
// one per pipeline for operators): each round a group earns `quantumMs x weight` of run time and
// spends the measured cost of its turns, so an expensive, saturated group cannot starve cheap ones.
// Within a group, ready actors take turns round robin. A slice ends after `sliceMs`; the scheduler
// then yields to I/O (setImmediate) so sockets, HTTP and commits keep flowing.
//
// Groups with a latency SLO (a pipeline's `slo.p99Ms`) get deadline-derived priority, as in Cameo
// and Dirigo: a ready SLO group's deadline is when its oldest ready actor became ready plus its
// SLO, and the earliest deadline runs first, ahead of the round-robin order. DRR still bounds what
// that buys: a group served ahead of its turn spends its deficit like any other and may run ahead
// by at most one quantum (it then waits for its round-robin turn to earn more), so an SLO changes
// *when* a group runs, never how large its share of the loop is. Groups without SLO are plain DRR.
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
  /**
   * The time base of turn costs and deadlines (ms). performance.now() by default; tests inject a
   * fake one together with fake runnables, since actors compare `until` with performance.now().
   */
  now?: () => number;
}

interface Group {
  name: string;
  weight: number;
  deficit: number;
  ready: Queue<Runnable>;
  /** Has ready actors. */
  active: boolean;
  /** Queued in the round-robin ring; a group emptied out of turn leaves it lazily. */
  inRing: boolean;
  /** Target latency (ms) of an SLO group; undefined: plain DRR. */
  sloMs: number | undefined;
  /** SLO groups: when each actor of `ready` became ready, in the same order. */
  readyAt: Queue<number> | null;
  /** SLO groups: when the group last ran out of ready actors. */
  idleSince: number;
}

export class Scheduler {
  private groups = new Map<string, Group>();
  /** The round-robin ring of groups with ready actors (and, lazily, some that just emptied). */
  private activeGroups = new Queue<Group>();
  private activeCount = 0;
  /** Sum of the weights of the active groups (an idle SLO group's debt is forgiven at its share). */
  private activeWeight = 0;
  /** Groups that have an SLO (few: scanned for the earliest deadline). */
  private sloGroups: Group[] = [];
  /** The group whose round-robin turn an urgent SLO group interrupted; it resumes next. */
  private interrupted: Group | null = null;
  /** Set by serve(): it stopped because an SLO group became ready to run. */
  private stoppedForUrgent = false;
  /** Slices stay short until then: an SLO group ran recently (see currentSliceMs). */
  private sloActiveUntil = Number.NEGATIVE_INFINITY;
  private runScheduled = false;
  private burstStartedAt = 0;
  private inBurst = false;
  private readonly sliceMs: number;
  private readonly quantumMs: number;
  private readonly turnsPerRun: number;
  private readonly now: () => number;
  readonly policy: 'fair' | 'fifo';
  /** Turns run so far; the runtime's metrics read it. */
  slices = 0;

  constructor(options: SchedulerOptions = {}) {
    this.sliceMs = options.sliceMs ?? 4;
    this.quantumMs = options.quantumMs ?? 0.5;
    this.turnsPerRun = options.turnsPerRun ?? 32;
    this.policy = options.policy ?? 'fair';
    this.now = options.now ?? (() => performance.now());
  }

  /** Gives a group a share proportional to `weight` (pipeline priority). */
  setWeight(groupName: string, weight: number): void {
    const group = this.group(groupName);
    const next = Math.max(0.01, weight);
    if (group.active) this.activeWeight += next - group.weight;
    group.weight = next;
  }

  /**
   * Gives a group a latency SLO (ms; a pipeline's `slo.p99Ms`): its ready actors then run by
   * earliest deadline, within its DRR share. `undefined` makes it a plain DRR group again.
   */
  setSlo(groupName: string, sloMs: number | undefined): void {
    const group = this.group(groupName);
    if (sloMs === undefined || !(sloMs > 0)) {
      if (group.sloMs === undefined) return;
      group.sloMs = undefined;
      group.readyAt = null;
      group.deficit = Math.max(0, group.deficit); // plain DRR carries no debt
      this.sloGroups = this.sloGroups.filter((g) => g !== group);
      return;
    }
    if (group.sloMs === undefined) {
      // Actors already waiting count as ready from now on.
      const at = this.now();
      group.readyAt = new Queue();
      for (let i = 0; i < group.ready.size; i++) group.readyAt.push(at);
      group.idleSince = at;
      this.sloGroups.push(group);
    }
    group.sloMs = sloMs;
  }

  /** Marks `runnable` ready; idempotent while it is already queued. */
  ready(runnable: Runnable): void {
    if (runnable.scheduled) return;
    runnable.scheduled = true;
    const group = this.group(this.policy === 'fifo' ? '*' : runnable.group);
    group.ready.push(runnable);
    if (group.readyAt) {
      const at = this.now();
      group.readyAt.push(at);
      if (!group.active) this.activate(group, at);
    } else if (!group.active) {
      this.activate(group, 0);
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
      group = {
        name,
        weight: 1,
        deficit: 0,
        ready: new Queue(),
        active: false,
        inRing: false,
        sloMs: undefined,
        readyAt: null,
        idleSince: 0,
      };
      this.groups.set(name, group);
    }
    return group;
  }

  private activate(group: Group, now: number): void {
    group.active = true;
    this.activeCount++;
    if (group.sloMs !== undefined && group.deficit < 0) {
      // Debt from running ahead of its turn is forgiven at the rate the group would have earned
      // while idle (its weight's share of the loop), as virtual-time fair queueing does: a light
      // group that runs ahead now and then keeps its priority, a saturated one (never idle) cannot.
      const share = group.weight / (group.weight + this.activeWeight);
      group.deficit = Math.min(0, group.deficit + (now - group.idleSince) * share);
    }
    this.activeWeight += group.weight;
    if (!group.inRing) {
      group.inRing = true;
      this.activeGroups.push(group);
    }
  }

  private deactivate(group: Group, now: number): void {
    group.active = false;
    this.activeCount--;
    this.activeWeight -= group.weight;
    // No banking of unused credit; an SLO group keeps what it owes for running ahead of its turn.
    group.deficit = group.sloMs === undefined ? 0 : Math.min(0, group.deficit);
    group.idleSince = now;
  }

  /**
   * For an SLO group's latency after its turns ran, slices and bursts last one quantum instead of
   * `sliceMs`: what waits for the loop to yield (the commit that releases its replies, sealed at
   * the end of the tick, and intake from sockets) then waits about a quantum behind other groups'
   * turns rather than a whole slice. This lasts `sloMs` after each run of an SLO group, so an idle
   * SLO pipeline costs the others no extra setImmediate hops (nor smaller commit batches).
   */
  private currentSliceMs(now: number): number {
    return now < this.sloActiveUntil ? Math.min(this.sliceMs, this.quantumMs) : this.sliceMs;
  }

  // Continuing a burst on the microtask queue keeps callers that await replies in lock-step with
  // the scheduler (no macrotask hop per turn); the burst is capped at one slice, then we yield. A
  // run that starts after the yield begins the next burst, so no macrotask holds the loop for
  // more than about one slice.
  private requestRun(): void {
    if (this.runScheduled) return;
    this.runScheduled = true;
    const now = this.now();
    if (!this.inBurst) {
      this.beginBurst(now);
      queueMicrotask(() => this.run());
    } else if (now - this.burstStartedAt < this.currentSliceMs(now)) {
      queueMicrotask(() => this.run());
    } else {
      setImmediate(() => {
        this.beginBurst(this.now());
        this.run();
      });
    }
  }

  private beginBurst(now: number): void {
    this.inBurst = true;
    this.burstStartedAt = now;
    setImmediate(() => {
      this.inBurst = false;
    });
  }

  private run(): void {
    this.runScheduled = false;
    this.slices++;
    let now = this.now();
    let sliceEnd = now + this.currentSliceMs(now);
    const fifo = this.policy === 'fifo';
    const slo = !fifo && this.sloGroups.length > 0;
    while (this.activeCount > 0 && now < sliceEnd) {
      const urgent = slo ? this.mostUrgent() : undefined;
      if (urgent) {
        // Ahead of its turn: one actor's run, then the deadlines are compared again.
        now = this.serve(urgent, now, sliceEnd, this.quantumMs * urgent.weight, true);
        if (urgent.ready.size === 0) this.deactivate(urgent, now);
        sliceEnd = Math.min(sliceEnd, now + this.quantumMs); // its commit and replies come next
        continue;
      }
      // A group interrupted by an urgent one resumes its turn with the credit it had left.
      let group = this.interrupted;
      this.interrupted = null;
      if (!group) {
        group = this.activeGroups.shift()!;
        // FIFO (the benchmark's baseline) ignores cost: whoever is ready runs, in arrival order.
        if (group.active)
          group.deficit = fifo ? Number.POSITIVE_INFINITY : group.deficit + this.quantumMs * group.weight;
      }
      if (!group.active) {
        group.inRing = false; // emptied while served ahead of its turn
        continue;
      }
      now = this.serve(group, now, sliceEnd, 0, false);
      if (group.sloMs !== undefined) sliceEnd = Math.min(sliceEnd, now + this.quantumMs);
      if (group.ready.size === 0) {
        group.inRing = false;
        this.deactivate(group, now);
      } else if (this.stoppedForUrgent || group.deficit > 0) {
        // Cut short (by an urgent SLO group, or by the end of the slice) with credit left: it
        // resumes its turn next, without earning again; sent to the back of the ring with credit
        // left, a group whose quantum outlasts a slice would get no more than one slice per round.
        this.interrupted = group;
      } else {
        this.activeGroups.push(group);
      }
    }
    if (this.activeCount > 0) this.requestRun();
  }

  /**
   * Runs the group's ready actors while it has credit (its deficit plus what it may borrow from its
   * next round) and the slice lasts; returns the time after. Served ahead of its turn (`once`), it
   * runs one actor. While SLO groups exist, a run lasts at most one quantum and a group's turn
   * stops as soon as an SLO group is ready to run (`stoppedForUrgent`): these are the points where
   * a deadline can take the loop, since turns themselves are never preempted.
   */
  private serve(group: Group, start: number, sliceEnd: number, borrow: number, once: boolean): number {
    let now = start;
    const slo = this.sloGroups.length > 0 && this.policy === 'fair';
    const runCap = slo ? this.quantumMs : Number.POSITIVE_INFINITY;
    this.stoppedForUrgent = false;
    while (group.deficit + borrow > 0 && group.ready.size > 0 && now < sliceEnd) {
      const runnable = group.ready.shift()!;
      group.readyAt?.shift();
      runnable.scheduled = false;
      // Budget: the group's remaining credit, capped by the slice, so neither one expensive actor
      // nor a whole run of its turns can overrun the slice or its group's share.
      const budget = Math.min(group.deficit + borrow, runCap);
      const more = runnable.runTurns(this.turnsPerRun, Math.min(sliceEnd, now + budget));
      const after = this.now();
      group.deficit -= after - now;
      now = after;
      if (group.sloMs !== undefined) this.sloActiveUntil = Math.max(this.sloActiveUntil, now + group.sloMs);
      if (more && !runnable.scheduled) {
        runnable.scheduled = true;
        group.ready.push(runnable);
        group.readyAt?.push(now);
      }
      if (once) break;
      if (slo && this.mostUrgent()) {
        this.stoppedForUrgent = true;
        break;
      }
    }
    return now;
  }

  /**
   * The ready SLO group with the earliest deadline (oldest ready actor's time + SLO) among those
   * with credit left, borrowing at most one quantum ahead; none if every one has spent that.
   */
  private mostUrgent(): Group | undefined {
    let best: Group | undefined;
    let bestDeadline = Number.POSITIVE_INFINITY;
    for (const group of this.sloGroups) {
      if (!group.active || group.ready.size === 0) continue;
      if (group.deficit + this.quantumMs * group.weight <= 0) continue;
      const deadline = group.readyAt!.peek()! + group.sloMs!;
      if (deadline < bestDeadline) {
        best = group;
        bestDeadline = deadline;
      }
    }
    return best;
  }
}
