// Contract: Scheduling with SLOs — a ready group with a latency SLO runs by earliest deadline (its
// oldest ready actor's time + SLO), ahead of the round-robin order, but only within its DRR share:
// it runs ahead by at most one quantum, a saturated SLO group gets no more than its weight's share,
// and a light one that runs ahead now and then keeps its priority. Groups without SLO stay plain DRR.
// Fake time: runnables advance an injected clock by their turns' cost, so the policy is exact.
import { describe, expect, it } from 'vitest';
import { type Runnable, Scheduler } from './scheduler.ts';

class FakeClock {
  t = 0;
  private timers: { at: number; fn: () => void }[] = [];
  now = () => this.t;
  /** Calls `fn` once the clock reaches `at` (from inside a turn, as a message arriving mid-run). */
  at(at: number, fn: () => void): void {
    this.timers.push({ at, fn });
    this.timers.sort((a, b) => a.at - b.at);
  }
  advance(ms: number): void {
    this.t += ms;
    while (this.timers.length > 0 && this.timers[0]!.at <= this.t) this.timers.shift()!.fn();
  }
}

interface Turn {
  group: string;
  actor: string;
  start: number;
}

class FakeActor implements Runnable {
  scheduled = false;
  queued = 0;
  constructor(
    readonly group: string,
    readonly name: string,
    private readonly costMs: number,
    private readonly clock: FakeClock,
    private readonly log: Turn[],
  ) {}
  runTurns(maxTurns: number, until: number): boolean {
    for (let i = 0; i < maxTurns && this.queued > 0; i++) {
      this.queued--;
      this.log.push({ group: this.group, actor: this.name, start: this.clock.t });
      this.clock.advance(this.costMs);
      if (this.clock.t >= until) break;
    }
    return this.queued > 0;
  }
}

function setup(options: { quantumMs?: number } = {}) {
  const clock = new FakeClock();
  const log: Turn[] = [];
  const scheduler = new Scheduler({ now: clock.now, ...options });
  const actor = (group: string, name: string, costMs: number, turns: number) => {
    const a = new FakeActor(group, name, costMs, clock, log);
    a.queued = turns;
    return a;
  };
  const send = (a: FakeActor, turns = 1) => {
    a.queued += turns;
    scheduler.ready(a);
  };
  const settle = async () => {
    for (let i = 0; i < 100_000 && scheduler.readyCount > 0; i++) {
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  return { clock, log, scheduler, actor, send, settle };
}

/** Turns of `group` that ran before its first one. */
const turnsBefore = (log: Turn[], group: string) => log.findIndex((turn) => turn.group === group);

describe('scheduler SLOs (deadline-derived priority within DRR)', () => {
  it('a light SLO group readied behind a busy group runs first; without SLO it waits its round-robin turn', async () => {
    const run = async (slo: number | undefined) => {
      const t = setup();
      t.scheduler.setWeight('heavy', 4); // 2 ms of quantum per round: 16 turns of 0.125 ms
      t.scheduler.setSlo('light', slo);
      for (let i = 0; i < 4; i++) t.scheduler.ready(t.actor('heavy', `h${i}`, 0.125, 50));
      t.scheduler.ready(t.actor('light', 'l', 0.0625, 1));
      await t.settle();
      return turnsBefore(t.log, 'light');
    };
    expect(await run(undefined)).toBe(16);
    expect(await run(5)).toBe(0);
  });

  it('earliest deadline first among SLO groups: a tight SLO readied later beats a loose one readied earlier', async () => {
    const t = setup();
    t.scheduler.setSlo('loose', 50);
    t.scheduler.setSlo('tight', 5);
    t.scheduler.ready(t.actor('loose', 'a', 0.1, 3));
    t.clock.advance(1); // readied 1 ms later: deadline 6 against 50
    t.scheduler.ready(t.actor('tight', 'b', 0.1, 3));
    await t.settle();
    expect(t.log.map((turn) => turn.group)).toEqual(['tight', 'tight', 'tight', 'loose', 'loose', 'loose']);

    // The same two with equal SLOs: the one waiting longer (earlier deadline) goes first.
    const u = setup();
    u.scheduler.setSlo('x', 10);
    u.scheduler.setSlo('y', 10);
    u.scheduler.ready(u.actor('y', 'b', 0.1, 1));
    u.clock.advance(1);
    u.scheduler.ready(u.actor('x', 'a', 0.1, 1));
    await u.settle();
    expect(u.log.map((turn) => turn.group)).toEqual(['y', 'x']);
  });

  it('runs ahead by at most one quantum: an SLO group that spent its credit waits for its round-robin turn', async () => {
    const t = setup({ quantumMs: 0.5 });
    t.scheduler.setSlo('slo', 5);
    t.scheduler.ready(t.actor('plain', 'p', 0.125, 1000));
    t.scheduler.ready(t.actor('slo', 's', 0.125, 1000));
    await t.settle();
    // The SLO group starts (ahead of its turn) with one quantum (4 turns), then the two alternate a
    // quantum each: running ahead never adds up to a larger share.
    const groups = t.log.slice(0, 1000).map((turn) => turn.group);
    expect(groups.slice(0, 5)).toEqual(['slo', 'slo', 'slo', 'slo', 'plain']);
    let streak = 0;
    let longest = 0;
    for (let i = 0; i < groups.length; i++) {
      streak = i > 0 && groups[i] === groups[i - 1] ? streak + 1 : 1;
      longest = Math.max(longest, streak);
    }
    expect(longest).toBe(4);
    expect(groups.filter((g) => g === 'slo').length).toBe(500);
  });

  it('a saturated SLO group gets its weight share, no more (fairness bound)', async () => {
    for (const [sloWeight, plainWeight] of [
      [1, 1],
      [1, 3],
      [2, 1],
    ] as const) {
      const t = setup();
      t.scheduler.setSlo('slo', 1);
      t.scheduler.setWeight('slo', sloWeight);
      t.scheduler.setWeight('plain', plainWeight);
      for (let i = 0; i < 3; i++) {
        t.scheduler.ready(t.actor('slo', `s${i}`, 0.13, 2000));
        t.scheduler.ready(t.actor('plain', `p${i}`, 0.07, 4000));
      }
      await t.settle();
      // CPU time of each group over the first 200 ms (both are saturated all along).
      const spent = { slo: 0, plain: 0 };
      for (const turn of t.log) {
        if (turn.start >= 200) break;
        spent[turn.group as 'slo' | 'plain'] += turn.group === 'slo' ? 0.13 : 0.07;
      }
      const share = spent.slo / (spent.slo + spent.plain);
      const fair = sloWeight / (sloWeight + plainWeight);
      expect(share).toBeGreaterThan(fair - 0.03);
      expect(share).toBeLessThan(fair + 0.03);
    }
  });

  it('a light SLO group keeps running first, message after message, beside a saturated neighbour', async () => {
    const waits = async (slo: number | undefined) => {
      const t = setup();
      t.scheduler.setWeight('heavy', 10); // 5 ms of quantum per round
      t.scheduler.setSlo('light', slo);
      const light = t.actor('light', 'l', 0.25, 0);
      const readyAt: number[] = [];
      // A message for the light group every 10 ms (of fake time), arriving while heavy turns run.
      for (let k = 1; k <= 50; k++) {
        t.clock.at(k * 10 + 0.0625, () => {
          readyAt.push(t.clock.t);
          t.send(light);
        });
      }
      for (let i = 0; i < 4; i++) t.scheduler.ready(t.actor('heavy', `h${i}`, 0.125, 1500));
      await t.settle();
      const starts = t.log.filter((turn) => turn.group === 'light').map((turn) => turn.start);
      expect(starts).toHaveLength(50);
      return starts.map((start, k) => start - readyAt[k]!);
    };
    // With an SLO it waits at most for the heavy run in progress (runs are cut at one quantum,
    // 0.5 ms, while SLO groups exist), every time: the debt of running ahead is forgiven while it
    // is idle (at its share), so it never loses its priority.
    expect(Math.max(...(await waits(5)))).toBeLessThanOrEqual(0.5);
    // Plain DRR: it waits behind the heavy group's 5 ms quantum.
    expect(Math.max(...(await waits(undefined)))).toBeGreaterThan(2);
  });

  it('after an SLO group ran, the loop yields every quantum (commits and I/O wait less), then every slice again', async () => {
    const t = setup();
    t.scheduler.setSlo('light', 5);
    let tick = 0;
    let spinning = true;
    const spin = () => {
      tick++;
      if (spinning) setImmediate(spin);
    };
    setImmediate(spin);
    const ticks: { at: number; tick: number }[] = [];
    const heavy = new FakeActor('heavy', 'h', 0.125, t.clock, t.log);
    const runTurns = heavy.runTurns.bind(heavy);
    heavy.runTurns = (max, until) => {
      const more = runTurns(Math.min(max, 1), until); // one turn per call: record the tick of each
      ticks.push({ at: t.clock.t, tick });
      return more || heavy.queued > 0;
    };
    heavy.queued = 400; // 50 ms of turns
    t.scheduler.ready(t.actor('light', 'l', 0.125, 1));
    t.scheduler.ready(heavy);
    await t.settle();
    spinning = false;
    const perTick = (from: number, to: number) => {
      const counts = new Map<number, number>();
      for (const { at, tick } of ticks)
        if (at > from && at <= to) counts.set(tick, (counts.get(tick) ?? 0) + 1);
      return Math.max(...counts.values());
    };
    expect(perTick(0, 5)).toBeLessThanOrEqual(5); // 0.5 ms bursts while the SLO group is recent
    expect(perTick(10, 50)).toBeGreaterThanOrEqual(30); // 4 ms slices again
  });

  it('a group whose quantum outlasts a slice keeps its turn across slices (its weight holds)', async () => {
    const t = setup();
    t.scheduler.setWeight('big', 16); // 8 ms of quantum per round against 4 ms slices
    for (let i = 0; i < 2; i++) {
      t.scheduler.ready(t.actor('big', `b${i}`, 0.125, 2000));
      t.scheduler.ready(t.actor('small', `s${i}`, 0.125, 2000));
    }
    await t.settle();
    const first = t.log.filter((turn) => turn.start < 200);
    const big = first.filter((turn) => turn.group === 'big').length;
    const small = first.length - big;
    expect(big / small).toBeGreaterThan(14);
    expect(big / small).toBeLessThan(18);
  });

  it('removing the SLO makes the group plain DRR again', async () => {
    const t = setup();
    t.scheduler.setWeight('heavy', 4);
    t.scheduler.setSlo('light', 5);
    t.scheduler.setSlo('light', undefined);
    for (let i = 0; i < 4; i++) t.scheduler.ready(t.actor('heavy', `h${i}`, 0.125, 50));
    t.scheduler.ready(t.actor('light', 'l', 0.0625, 1));
    await t.settle();
    expect(turnsBefore(t.log, 'light')).toBe(16);
  });
});
