// Layout math for the meeting view: how many tiles a grid page holds, how a page is cut from
// the tile list, which column/row shape fits a container best, and what goes on the stage.
// Pure functions: no DOM.

// Tiles per grid page: the smallest of these that holds everyone, then pages of 25.
export const kGridSteps: readonly number[] = [1, 2, 4, 9, 16, 25];
export const kMaxTilesPerPage = 25;

export function tilesPerPage(count: number, max = kMaxTilesPerPage): number {
  const n = Math.max(1, Math.floor(count));
  for (const step of kGridSteps) {
    if (step > max) break;
    if (n <= step) return step;
  }
  return Math.min(max, kGridSteps[kGridSteps.length - 1]);
}

export interface Page<T> {
  items: T[];
  page: number; // clamped to 0..pageCount-1
  pageCount: number;
  perPage: number;
}

// Page `page` of `items`, `perPage` tiles each (at least one page, even when empty).
export function paginate<T>(items: readonly T[], page: number, perPage: number): Page<T> {
  const size = Math.max(1, Math.floor(perPage));
  const pageCount = Math.max(1, Math.ceil(items.length / size));
  const p = Math.min(Math.max(0, Math.floor(Number.isFinite(page) ? page : 0)), pageCount - 1);
  return { items: items.slice(p * size, p * size + size), page: p, pageCount, perPage: size };
}

export interface GridShape {
  cols: number;
  rows: number;
  tileWidth: number;
  tileHeight: number;
}

// The columns and rows that give `count` tiles of aspect `aspect` (width/height) the largest
// size inside width x height with `gap` pixels between tiles.
export function gridShape(count: number, width: number, height: number, aspect = 16 / 9, gap = 8): GridShape {
  const n = Math.max(1, Math.floor(count));
  let best: GridShape = { cols: 1, rows: n, tileWidth: 0, tileHeight: 0 };
  for (let cols = 1; cols <= n; cols++) {
    const rows = Math.ceil(n / cols);
    // Skip shapes with a whole empty row or column: another shape holds the same tiles.
    if ((cols - 1) * rows >= n && cols > 1) continue;
    const cellW = (width - gap * (cols - 1)) / cols;
    const cellH = (height - gap * (rows - 1)) / rows;
    if (cellW <= 0 || cellH <= 0) continue;
    const tileWidth = Math.min(cellW, cellH * aspect);
    const tileHeight = tileWidth / aspect;
    if (tileWidth > best.tileWidth + 0.01) best = { cols, rows, tileWidth, tileHeight };
  }
  if (best.tileWidth === 0) best = { cols: Math.ceil(Math.sqrt(n)), rows: Math.ceil(n / Math.ceil(Math.sqrt(n))), tileWidth: 0, tileHeight: 0 };
  return best;
}

export type LayoutMode = 'grid' | 'speaker';

export interface StageInput {
  mode: LayoutMode;
  // Every tile key in display order (cameras first, the local one included).
  tiles: readonly string[];
  // Keys of screen share tiles, in the order they started.
  screens: readonly string[];
  pinned: string | undefined;
  activeSpeaker: string | undefined; // a camera tile key
  localKey: string;
}

export interface StagePlan {
  // The tile shown large, or undefined for a plain grid.
  stage: string | undefined;
  // The other tiles (beside the stage, or the grid).
  others: string[];
}

// What goes on the stage: a pinned tile, else the newest screen share, else (speaker layout)
// the active speaker, else the first remote camera; nothing in grid mode without those.
export function planStage(input: StageInput): StagePlan {
  const all = [...input.tiles];
  for (const s of input.screens) if (!all.includes(s)) all.push(s);
  let stage: string | undefined;
  if (input.pinned !== undefined && all.includes(input.pinned)) stage = input.pinned;
  else if (input.screens.length > 0) stage = input.screens[input.screens.length - 1];
  else if (input.mode === 'speaker' && all.length > 1) {
    if (input.activeSpeaker !== undefined && all.includes(input.activeSpeaker)) stage = input.activeSpeaker;
    else stage = all.find((k) => k !== input.localKey) ?? all[0];
  }
  return { stage, others: all.filter((k) => k !== stage) };
}
