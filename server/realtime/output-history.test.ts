// The property the pipeline backlog rests on: folding only the outputs a history kept (one per
// point) gives that same history, whatever the outputs, their event times and how they were pushed.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  foldPoints,
  HISTORY_S,
  MAX_POINTS,
  pointOf,
  type TOutputEntry,
  type TOutputPoint,
} from './output-history.ts';

type TKept = TOutputPoint & { entry: TOutputEntry };

const fold = (old: TKept[], entries: TOutputEntry[]) =>
  foldPoints(
    old,
    entries.flatMap((entry) => {
      const point = pointOf(entry);
      return point ? [{ ...point, entry }] : [];
    }),
  );

const outputArb = fc.record({
  sensorId: fc.constantFrom('a', 'b', 'c', 'd'),
  windowEnd: fc.integer({ min: 0, max: 400_000 }),
  avg: fc.double({ min: -100, max: 100, noNaN: true }),
});

describe('output history', () => {
  it('is rebuilt exactly from the outputs it kept', () => {
    fc.assert(
      fc.property(fc.array(fc.array(outputArb, { maxLength: 30 }), { maxLength: 12 }), (pushes) => {
        let seq = 0;
        let history: TKept[] = [];
        for (const push of pushes)
          history = fold(
            history,
            push.map((output) => ({ seq: ++seq, output })),
          );
        const rebuilt = fold(
          [],
          history.map((p) => p.entry).sort((x, y) => x.seq - y.seq),
        );
        expect(rebuilt).toEqual(history);
        const newest = history.at(-1)?.t ?? 0;
        expect(history.every((p) => p.t > newest - HISTORY_S)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('charts aggregates, else a count, else a raw value, and skips outputs without event time', () => {
    expect(pointOf({ seq: 1, output: { sensorId: 's', windowEnd: 5_500, max: 3, count: 2 } })).toEqual({
      t: 5,
      sensor: 's',
      values: { max: 3 },
      seq: 1,
    });
    expect(pointOf({ seq: 2, output: { sensorId: 's', windowEnd: 1_000, count: 4 } })?.values).toEqual({
      count: 4,
    });
    expect(pointOf({ seq: 3, output: { sensorId: 's', ts: 2_000, value: 7 } })?.values).toEqual({ value: 7 });
    expect(pointOf({ seq: 4, output: { sensorId: 's', value: 7 } })).toBeNull();
  });

  it('keeps at most MAX_POINTS, the newest', () => {
    const entries = Array.from({ length: MAX_POINTS + 50 }, (_, i) => ({
      seq: i + 1,
      output: { sensorId: `s${i % 100}`, windowEnd: Math.floor(i / 100) * 1000, sum: i },
    }));
    const history = fold([], entries);
    expect(history).toHaveLength(MAX_POINTS);
    expect(Math.max(...history.map((p) => p.seq))).toBe(MAX_POINTS + 50);
    expect(history.filter((p) => p.t === 0)).toHaveLength(50); // half of the oldest second went
  });
});
