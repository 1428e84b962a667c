// The pipeline page's outputs: split into columns, values rounded for reading, and the history a
// backlog starts (replacing what a page had) and pushes extend.
import { describe, expect, it } from 'vitest';
import { appendOutputs, describeOutput, EMPTY_HISTORY, formatValue } from './pipeline-outputs.ts';

describe('pipeline outputs', () => {
  it('splits a window output into sensor, window, count and rounded values', () => {
    const row = describeOutput({
      sensorId: 's-1',
      count: 5,
      windowStart: 1_000,
      windowEnd: 5_000,
      min: 51.23456,
      avg: 60.98765,
      max: 71,
      note: 'x',
    });
    expect(row).toEqual({
      sensor: 's-1',
      start: 1_000,
      end: 5_000,
      count: 5,
      values: [
        ['avg', 60.98765],
        ['max', 71],
        ['min', 51.23456],
      ],
      extra: { note: 'x' },
    });
    expect(describeOutput({ sensorId: 'a', value: 3, ts: 9 })).toMatchObject({
      start: 9,
      end: 9,
      count: null,
    });
    expect(row.values.map(([, v]) => formatValue(v))).toEqual(['61.0', '71', '51.2']);
    expect([1234.5, 4.5678, 0.004567, -12.345, 0].map(formatValue)).toEqual([
      '1,235',
      '4.57',
      '0.0046',
      '-12.3',
      '0',
    ]);
  });

  it('starts from a backlog, then folds pushes, newest rows first', () => {
    const out = (seq: number, sensorId: string, windowEnd: number) => ({
      seq,
      output: { sensorId, windowEnd, avg: seq },
    });
    const stale = appendOutputs(EMPTY_HISTORY, {
      outputs: [out(1, 'old', 1_000)],
      skippedOutputs: 2,
      backlog: false,
    });
    const joined = appendOutputs(stale, {
      outputs: [out(5, 'a', 10_000), out(6, 'b', 10_000)],
      skippedOutputs: 3,
      backlog: true,
    });
    expect(joined.points.map((p) => p.sensor)).toEqual(['a', 'b']);
    expect(joined.skipped).toBe(3);
    const next = appendOutputs(joined, { outputs: [out(7, 'a', 10_500)], skippedOutputs: 1, backlog: false });
    expect(next.points.find((p) => p.sensor === 'a')?.values).toEqual({ avg: 7 });
    expect(next.recent.map((r) => r.seq)).toEqual([7, 6, 5]);
    expect(next.skipped).toBe(4);
  });
});
