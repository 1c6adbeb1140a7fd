/**
 * Lays out `n` cells in a grid that fills `width` and stays under `maxHeight`: the biggest square cell
 * that fits, racks in fleet-config order, row by row.
 */
export interface RackLayout {
  cols: number;
  rows: number;
  cell: number;
  gap: number;
  width: number;
  height: number;
}

export function rackLayout(n: number, width: number, maxHeight: number, maxCell = 48): RackLayout {
  const w = Math.max(1, Math.floor(width));
  if (n <= 0) return { cols: 0, rows: 0, cell: 0, gap: 0, width: w, height: 0 };
  let best: RackLayout | null = null;
  let bestPitch = 0;
  for (let cols = 1; cols <= n; cols++) {
    const rows = Math.ceil(n / cols);
    const pitch = Math.min(Math.floor(w / cols), maxCell);
    if (pitch < 2) break;
    const height = rows * pitch;
    const fits = height <= maxHeight;
    // Biggest cell first; among equal cells the flatter grid, which reads like a hall floor plan.
    if (fits && (pitch > bestPitch || (pitch === bestPitch && best !== null && height < best.height))) {
      const gap: number = pitch >= 8 ? 1 : 0;
      bestPitch = pitch;
      best = { cols, rows, cell: pitch - gap, gap, width: cols * pitch, height };
    }
  }
  if (best) return best;
  // Too many racks for the box: smallest pitch that fits the width; the canvas grows taller.
  const pitch = 2;
  const cols = Math.max(1, Math.floor(w / pitch));
  const rows = Math.ceil(n / cols);
  return { cols, rows, cell: pitch, gap: 0, width: cols * pitch, height: rows * pitch };
}

/** Index of the rack under (x, y) in CSS pixels, or -1. */
export function rackAt(layout: RackLayout, n: number, x: number, y: number): number {
  const pitch = layout.cell + layout.gap;
  if (pitch <= 0 || x < 0 || y < 0 || x >= layout.width || y >= layout.height) return -1;
  const col = Math.floor(x / pitch);
  const row = Math.floor(y / pitch);
  const i = row * layout.cols + col;
  return col < layout.cols && i < n ? i : -1;
}
