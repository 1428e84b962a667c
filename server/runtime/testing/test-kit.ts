// Shared fixtures for the runtime tests: a controllable test actor type, an instrumented memory
// driver (counts calls, can hold commits open) and a runtime on a ManualClock that records events.
import { expect } from 'vitest';
import { z } from 'zod';
import { type ActorDefinition, type AnyActorDefinition, defineActor } from '../definition.ts';
import type { ActorError, ActorErrorCode } from '../errors.ts';
import type { RuntimeEvent } from '../events.ts';
import { MemoryDriver } from '../memory-driver.ts';
import { Runtime, type RuntimeOptions } from '../runtime.ts';
import type { CommitBatch, CommitOutcome, StorageDriver } from '../storage.ts';
import { ManualClock } from './manual-clock.ts';

export interface Deferred<T = void> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

export function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Watches a promise without awaiting it, so tests can assert "still pending". */
export interface Watched<T> {
  readonly promise: Promise<T>;
  settled: boolean;
  value?: T;
  error?: unknown;
}

export function watch<T>(promise: Promise<T>): Watched<T> {
  const watched: Watched<T> = { promise, settled: false };
  promise.then(
    (value) => Object.assign(watched, { settled: true, value }),
    (error) => Object.assign(watched, { settled: true, error }),
  );
  return watched;
}

export async function expectActorError(promise: Promise<unknown>, code: ActorErrorCode): Promise<ActorError> {
  const error = await promise.then(
    () => {
      throw new Error(`expected ActorError ${code}, but the promise resolved`);
    },
    (e: unknown) => e,
  );
  expect(error).toMatchObject({ name: 'ActorError', code });
  return error as ActorError;
}

/** A memory driver that records every commit and can hold commits open (the output gate tests). */
export class InstrumentedDriver extends MemoryDriver {
  readonly commits: CommitBatch[] = [];
  /** While set, commit() waits for it before applying the batch. */
  hold: Promise<void> | null = null;

  override async commit(batch: CommitBatch): Promise<CommitOutcome | undefined> {
    this.commits.push(structuredClone(batch));
    if (this.hold) await this.hold;
    return super.commit(batch);
  }

  /** State writes committed so far (one per actor per batch). */
  get stateWrites(): number {
    return this.commits.reduce((n, b) => n + b.states.length, 0);
  }
}

/** Wraps a driver so every method call is recorded by name. */
export function recordCalls(driver: StorageDriver): { driver: StorageDriver; calls: string[] } {
  const calls: string[] = [];
  const proxy = new Proxy(driver, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls.push(String(prop));
        return value.apply(target, args);
      };
    },
  });
  return { driver: proxy, calls };
}

export interface ProbeState {
  count: number;
  log: string[];
  rings: number;
  deactivatedAt: number | null;
}

/** Knobs and counters shared between a test and its probe actors. */
export interface ProbeControl {
  onActivateCalls: number;
  onDeactivateCalls: number;
  /** onActivate throws while this is > 0 (and decrements it). */
  failActivations: number;
  /** The `ring` action throws while this is > 0 (and decrements it). */
  failRings: number;
  ringCalls: number;
  /** The `wait` action awaits this promise (a hung handler until resolved). */
  hang: Promise<void>;
  /** Order in which handlers started and ended, across all probe actors. */
  trace: string[];
}

export function probeControl(): ProbeControl {
  return {
    onActivateCalls: 0,
    onDeactivateCalls: 0,
    failActivations: 0,
    failRings: 0,
    ringCalls: 0,
    hang: Promise.resolve(),
    trace: [],
  };
}

/**
 * The test actor: sync and async actions, one that throws after mutating, one that hangs on
 * `control.hang`, alarms, and onActivate/onDeactivate hooks that count (and can fail).
 */
export function probeType(
  control: ProbeControl,
  overrides: Partial<ActorDefinition<ProbeState>> = {},
): AnyActorDefinition {
  return defineActor<ProbeState, Record<string, unknown>>({
    type: 'probe',
    state: () => ({ count: 0, log: [], rings: 0, deactivatedAt: null }),
    idleTimeoutMs: 1_000,
    mailboxCapacity: 8,
    onActivate: () => {
      control.onActivateCalls++;
      if (control.failActivations > 0) {
        control.failActivations--;
        throw new Error('onActivate exploded');
      }
    },
    onDeactivate: (ctx) => {
      control.onDeactivateCalls++;
      ctx.state.deactivatedAt = ctx.now();
    },
    actions: {
      add: {
        input: z.object({ by: z.number().int().default(1), tag: z.string().optional() }),
        handler: (ctx, { by, tag }: { by: number; tag?: string }) => {
          ctx.state.count += by;
          if (tag) ctx.state.log.push(tag);
          return ctx.state.count;
        },
      },
      get: { input: z.object({}), handler: (ctx) => ctx.state.count },
      state: { input: z.object({}), handler: (ctx) => ctx.state },
      fail: {
        input: z.object({}),
        handler: (ctx) => {
          ctx.state.count += 100;
          ctx.state.log.push('doomed');
          throw new Error('boom');
        },
      },
      /** Read, yield to the event loop, write: interleaving turns would lose updates. */
      slowAdd: {
        input: z.object({ tag: z.string() }),
        handler: async (ctx, { tag }: { tag: string }) => {
          control.trace.push(`start ${tag}`);
          const before = ctx.state.count;
          await new Promise((resolve) => setImmediate(resolve));
          ctx.state.count = before + 1;
          ctx.state.log.push(tag);
          control.trace.push(`end ${tag}`);
          return ctx.state.count;
        },
      },
      wait: {
        input: z.object({ tag: z.string().default('wait') }),
        handler: async (ctx, { tag }: { tag: string }) => {
          control.trace.push(`start ${tag}`);
          ctx.state.count += 1000;
          await control.hang;
          control.trace.push(`end ${tag}`);
          return ctx.state.count;
        },
      },
      schedule: {
        input: z.object({ afterMs: z.number(), action: z.string(), args: z.unknown().optional() }),
        handler: (ctx, input: { afterMs: number; action: string; args?: unknown }) => {
          ctx.schedule({ afterMs: input.afterMs }, input.action, input.args);
          return null;
        },
      },
      ring: {
        input: z.object({ n: z.number().default(1) }),
        handler: (ctx, { n }: { n: number }) => {
          control.ringCalls++;
          ctx.state.rings += n;
          if (control.failRings > 0) {
            control.failRings--;
            throw new Error('ring failed');
          }
          return ctx.state.rings;
        },
      },
    },
    ...overrides,
  });
}

export interface TestRuntime {
  runtime: Runtime;
  clock: ManualClock;
  driver: InstrumentedDriver;
  events: RuntimeEvent[];
  /** Lifecycle transitions of one actor as `transition` or `transition:reason`. */
  lifecycleOf(type: string, key: string): string[];
}

/** A started runtime on a ManualClock and an InstrumentedDriver, recording every bus event. */
export async function createTestRuntime(
  options: Partial<RuntimeOptions> & { types: AnyActorDefinition[]; start?: boolean },
): Promise<TestRuntime> {
  const clock = options.clock instanceof ManualClock ? options.clock : new ManualClock();
  const driver = options.driver instanceof InstrumentedDriver ? options.driver : new InstrumentedDriver();
  const runtime = new Runtime({ ...options, clock, driver });
  const events: RuntimeEvent[] = [];
  runtime.bus.on((event) => events.push(event));
  if (options.start !== false) await runtime.start();
  const lifecycleOf = (type: string, key: string) =>
    events.flatMap((e) =>
      e.kind === 'lifecycle' && e.type === type && e.key === key
        ? [e.reason ? `${e.transition}:${e.reason}` : e.transition]
        : [],
    );
  return { runtime, clock, driver, events, lifecycleOf };
}

/** Busy-waits `ms` of CPU: a turn that really costs time (scheduler tests). */
export function burnCpu(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // spin
  }
}
