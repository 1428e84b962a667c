import { describe, expect, it } from 'vitest';
import { RingBuffer } from './ring-buffer.ts';

describe('RingBuffer', () => {
  it('keeps the newest `capacity` items in order', () => {
    const ring = new RingBuffer<number>(3);
    expect(ring.toArray()).toEqual([]);
    expect(ring.oldest()).toBeUndefined();
    for (const n of [1, 2]) ring.push(n);
    expect(ring.toArray()).toEqual([1, 2]);
    for (const n of [3, 4, 5]) ring.push(n);
    expect(ring.size).toBe(3);
    expect(ring.toArray()).toEqual([3, 4, 5]);
    expect(ring.oldest()).toBe(3);
    expect(ring.newest(2)).toEqual([5, 4]);
    expect(ring.newest(10)).toEqual([5, 4, 3]);
  });

  it('wraps around any number of times', () => {
    const ring = new RingBuffer<number>(4);
    for (let n = 0; n < 1003; n++) ring.push(n);
    expect(ring.toArray()).toEqual([999, 1000, 1001, 1002]);
  });

  it('refuses a capacity that is not a positive integer', () => {
    expect(() => new RingBuffer(0)).toThrow(RangeError);
    expect(() => new RingBuffer(1.5)).toThrow(RangeError);
  });
});
