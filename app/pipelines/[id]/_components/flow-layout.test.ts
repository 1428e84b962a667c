// The flow graph's layout: one row when it fits at full size, else rows of as many nodes as fit.
import { describe, expect, it } from 'vitest';
import { flowLayout, GAP_X, MIN_READABLE_ZOOM, NODE_W } from './flow-layout.ts';

describe('flowLayout', () => {
  it('keeps six nodes in one row on a wide card and wraps them on a 1024 px screen', () => {
    const wide = flowLayout(6, 1200);
    expect(wide.rows).toBe(1);
    expect(wide.positions.map((p) => p.y)).toEqual([0, 0, 0, 0, 0, 0]);
    const narrow = flowLayout(6, 776); // 1024 px minus the sidebar and the page padding
    expect(narrow.columns).toBe(4);
    expect(narrow.rows).toBe(2);
    expect(narrow.positions[4]?.x).toBe(0); // the fifth node starts the second row
    expect(narrow.positions[4]?.y).toBeGreaterThan(0);
    const right = Math.max(...narrow.positions.map((p) => p.x)) + NODE_W;
    expect(right * MIN_READABLE_ZOOM).toBeLessThanOrEqual(776);
    expect(narrow.height).toBeGreaterThan(wide.height);
  });

  it('puts at least two nodes in a row however narrow', () => {
    expect(flowLayout(3, 100).columns).toBe(2);
    expect(flowLayout(2, 2 * NODE_W + GAP_X).rows).toBe(1);
  });
});
