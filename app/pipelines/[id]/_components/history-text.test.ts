import { describe, expect, it } from 'vitest';
import { describeHistoryEntry, describeTargets } from './history-text.ts';

const operators = [
  { index: 0, kind: 'map' as const },
  { index: 1, kind: 'window' as const },
];

describe('describeHistoryEntry', () => {
  it('words lifecycle entries', () => {
    expect(describeHistoryEntry({ at: 1, kind: 'created' }, operators)).toEqual({
      event: 'created',
      detail: null,
      by: null,
      tone: 'ok',
    });
    expect(describeHistoryEntry({ at: 1, kind: 'stopped' }, operators).tone).toBe('neutral');
  });

  it('names the operator, the direction and why a scale happened', () => {
    const up = {
      at: 1,
      kind: 'scaled' as const,
      operator: 1,
      from: 2,
      to: 4,
      reason: 'backlog 130 > 100 per partition',
    };
    expect(describeHistoryEntry(up, operators)).toEqual({
      event: 'scaled ×2 → ×4',
      detail: '#1 window: backlog 130 > 100 per partition',
      by: 'auto',
      tone: 'ok',
    });
    const manual = { ...up, from: 4, to: 1, reason: 'manual' };
    expect(describeHistoryEntry(manual, operators)).toMatchObject({
      detail: '#1 window',
      by: 'manual',
      tone: 'neutral',
    });
    const recovered = { ...manual, reason: 'manual (completed at start)' };
    expect(describeHistoryEntry(recovered, operators).by).toBe('manual');
    expect(describeHistoryEntry({ ...up, operator: 7 }, operators).detail).toMatch(/^#7: /);
  });
});

describe('describeTargets', () => {
  it('says what scales an operator up, the default included', () => {
    expect(describeTargets(null)).toBeNull();
    expect(describeTargets({ min: 1, max: 4 })).toBe('backlog > 100 / partition (default)');
    expect(describeTargets({ min: 1, max: 4, targetP99Ms: 5 })).toBe('p99 > 5 ms');
    expect(describeTargets({ min: 1, max: 4, targetBacklog: 50, targetP99Ms: 5 })).toBe(
      'backlog > 50 / partition or p99 > 5 ms',
    );
  });
});
