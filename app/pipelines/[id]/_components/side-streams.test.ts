import { describe, expect, it } from 'vitest';
import {
  appendPage,
  countOf,
  describeSideEntry,
  firstSeq,
  formatEventTime,
  type TSideItem,
  type TSideView,
} from './side-streams.ts';

const items = (from: number, to: number): TSideItem[] =>
  Array.from({ length: to - from + 1 }, (_, i) => ({ seq: from + i, output: { n: from + i } }));

describe('reading a side stream', () => {
  it('starts just before the newest counted entries', () => {
    expect(firstSeq(0, 20)).toBe(0);
    expect(firstSeq(5, 20)).toBe(0);
    expect(firstSeq(125, 20)).toBe(105);
  });

  it('keeps the newest entries, in order, and where to read on', () => {
    let view: TSideView = { items: [], lastSeq: 105 };
    view = appendPage(view, items(106, 120), 20);
    expect(view.lastSeq).toBe(120);
    expect(view.items.map((i) => i.seq)).toEqual(items(106, 120).map((i) => i.seq));
    view = appendPage(view, items(121, 130), 20);
    expect(view.items.map((i) => i.seq)).toEqual(items(111, 130).map((i) => i.seq));
    expect(view.lastSeq).toBe(130);
  });

  it('ignores entries it already has and an empty page', () => {
    const view = appendPage({ items: [], lastSeq: 0 }, items(1, 3), 20);
    expect(appendPage(view, [], 20)).toBe(view);
    const again = appendPage(view, items(2, 5), 20);
    expect(again.items.map((i) => i.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(again.lastSeq).toBe(5);
  });

  it('counts over every operator', () => {
    const ops = [
      { late: 0, errors: 1 },
      { late: 3, errors: 0 },
      { late: 2, errors: 4 },
    ];
    expect(countOf(ops, 'late')).toBe(5);
    expect(countOf(ops, 'errors')).toBe(5);
  });
});

describe('describeSideEntry', () => {
  it('reads a late entry: operator, key, event time and how far behind the watermark', () => {
    const record = { sensorId: 's1', value: 0, ts: 200, humidity: 99 };
    expect(describeSideEntry({ operator: 1, key: 's1', watermark: 1100, record })).toEqual({
      operator: 1,
      key: 's1',
      ts: 200,
      watermark: 1100,
      behindMs: 900,
      reason: null,
      record,
    });
  });

  it('reads an error entry', () => {
    const record = { sensorId: '*', windowStart: 0, windowEnd: 10, ts: 9, count: 2 };
    const row = describeSideEntry({ operator: 0, key: '*', reason: 'sum of value is not finite', record });
    expect(row).toMatchObject({ operator: 0, key: '*', ts: 9, watermark: null, behindMs: null });
    expect(row.reason).toBe('sum of value is not finite');
  });

  it('shows what it cannot read as missing rather than failing', () => {
    expect(describeSideEntry({ operator: 'x', record: 3 })).toEqual({
      operator: null,
      key: '—',
      ts: null,
      watermark: null,
      behindMs: null,
      reason: null,
      record: null,
    });
  });
});

describe('formatEventTime', () => {
  it('keeps small event times as numbers and shows epoch ms as a clock with milliseconds', () => {
    expect(formatEventTime(1100)).toBe('1100');
    const at = new Date(2026, 10, 3, 9, 5, 7, 42).getTime();
    expect(formatEventTime(at)).toBe('09:05:07.042');
  });
});
