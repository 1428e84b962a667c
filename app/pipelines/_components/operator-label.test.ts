import { describe, expect, it } from 'vitest';
import { configSummary, operatorLabel } from './operator-label.ts';

describe('configSummary', () => {
  it('names every window kind', () => {
    const window = (config: Record<string, unknown>) => configSummary({ kind: 'window', config });
    expect(window({ size: 3, fns: ['max', 'min'] })).toBe('max,min/3');
    expect(window({ timeMs: 1000, fns: ['avg'] })).toBe('avg/1000ms');
    expect(window({ timeMs: 1000, slideMs: 250, fns: ['sum'] })).toBe('sum/1000ms slide 250ms');
    expect(window({ gapMs: 500, fns: ['count'] })).toBe('count/gap 500ms');
  });

  it('names the field read, a map target, the timeout and partial emission', () => {
    expect(configSummary({ kind: 'window', config: { timeMs: 10, fns: ['max'], field: 'humidity' } })).toBe(
      'max/10ms of humidity',
    );
    expect(configSummary({ kind: 'window', config: { size: 2, fns: ['max'], field: 'value' } })).toBe(
      'max/2',
    );
    expect(
      configSummary({
        kind: 'reduce',
        config: { fn: 'sum', windowSize: 4, timeoutMs: 500, emitPartial: true },
      }),
    ).toBe('sum/4 · timeout 500ms · partial');
    expect(configSummary({ kind: 'map', config: { scale: 2, field: 't', as: 't2' } })).toBe('×2 of t → t2');
    expect(configSummary({ kind: 'map', config: { as: 'value' } })).toBe('identity');
  });

  it('keeps the short filter label for the value field only', () => {
    expect(operatorLabel({ kind: 'filter', config: { op: '>', threshold: 50 } })).toBe('filter > 50');
    expect(operatorLabel({ kind: 'filter', config: { field: 'humidity', op: '<', threshold: 3 } })).toBe(
      'filter humidity < 3',
    );
  });
});
