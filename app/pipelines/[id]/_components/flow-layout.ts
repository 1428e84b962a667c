// Where the flow graph's nodes go: one row when the card is wide enough to draw them at full size,
// (or nearly: down to MIN_READABLE_ZOOM), else wrapped into as many rows as it takes (left to right,
// row after row), so node text stays readable on a 1024 px screen instead of the whole graph being
// scaled down to fit.

/** A node's drawn width (the .flow-node CSS width) and the gaps around it. */
export const NODE_W = 144;
export const NODE_H = 140;
export const GAP_X = 68;
export const GAP_Y = 40;
/** Room fitView leaves at the card's edges (its padding option), both sides together. */
const EDGE_ROOM = 24;
/** The smallest zoom at which node text (11 px) still reads well: a row may be drawn this much smaller. */
export const MIN_READABLE_ZOOM = 0.85;

export interface TFlowLayout {
  positions: { x: number; y: number }[];
  rows: number;
  /** Nodes per row. */
  columns: number;
  /** Height the card needs to show every row at full size. */
  height: number;
}

export function flowLayout(count: number, width: number): TFlowLayout {
  const fit = Math.floor((width / MIN_READABLE_ZOOM - EDGE_ROOM + GAP_X) / (NODE_W + GAP_X));
  const columns = Math.max(2, Math.min(count, fit));
  const rows = Math.ceil(count / columns);
  const positions = Array.from({ length: count }, (_, i) => ({
    x: (i % columns) * (NODE_W + GAP_X),
    y: Math.floor(i / columns) * (NODE_H + GAP_Y),
  }));
  return { positions, rows, columns, height: rows * NODE_H + (rows - 1) * GAP_Y + EDGE_ROOM + 16 };
}
