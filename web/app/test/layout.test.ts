import { describe, expect, it } from 'vitest';
import { gridShape, paginate, planStage, tilesPerPage } from '../src/layout.js';

describe('tilesPerPage', () => {
  it('takes the smallest step that holds everyone', () => {
    const want: [number, number][] = [[0, 1], [1, 1], [2, 2], [3, 4], [4, 4], [5, 9], [9, 9], [10, 16], [16, 16], [17, 25], [25, 25]];
    for (const [n, per] of want) expect(tilesPerPage(n), `${n} tiles`).toBe(per);
  });
  it('pages by 25 above that', () => {
    expect(tilesPerPage(26)).toBe(25);
    expect(tilesPerPage(300)).toBe(25);
  });
});

describe('paginate', () => {
  const items = Array.from({ length: 30 }, (_, i) => i);
  it('cuts pages and clamps the page number', () => {
    expect(paginate(items, 0, 25).items).toHaveLength(25);
    expect(paginate(items, 1, 25)).toMatchObject({ page: 1, pageCount: 2, items: [25, 26, 27, 28, 29] });
    expect(paginate(items, 9, 25).page).toBe(1);
    expect(paginate(items, -3, 25).page).toBe(0);
    expect(paginate(items, Number.NaN, 25).page).toBe(0);
  });
  it('has one page when empty', () => {
    expect(paginate([], 0, 4)).toMatchObject({ page: 0, pageCount: 1, items: [] });
  });
});

describe('gridShape', () => {
  it('puts one tile alone and two side by side on a wide screen', () => {
    expect(gridShape(1, 1600, 900)).toMatchObject({ cols: 1, rows: 1 });
    expect(gridShape(2, 1600, 900)).toMatchObject({ cols: 2, rows: 1 });
  });
  it('makes 2x2 of four and stacks two on a tall phone', () => {
    expect(gridShape(4, 1600, 900)).toMatchObject({ cols: 2, rows: 2 });
    expect(gridShape(2, 390, 700)).toMatchObject({ cols: 1, rows: 2 });
  });
  it('keeps tiles inside the area at 16:9', () => {
    for (const n of [1, 2, 4, 9, 16, 25]) {
      const s = gridShape(n, 1280, 720);
      expect(s.cols * s.rows).toBeGreaterThanOrEqual(n);
      expect(s.tileWidth * s.cols + 8 * (s.cols - 1)).toBeLessThanOrEqual(1280 + 0.01);
      expect(s.tileHeight * s.rows + 8 * (s.rows - 1)).toBeLessThanOrEqual(720 + 0.01);
      expect(s.tileWidth / s.tileHeight).toBeCloseTo(16 / 9);
    }
  });
});

describe('planStage', () => {
  const base = { tiles: ['local', 'a', 'b'], screens: [] as string[], pinned: undefined, activeSpeaker: undefined, localKey: 'local' };
  it('is a plain grid without pin, share or speaker layout', () => {
    expect(planStage({ ...base, mode: 'grid' })).toEqual({ stage: undefined, others: ['local', 'a', 'b'] });
  });
  it('puts a screen share on stage by itself, the newest first', () => {
    const plan = planStage({ ...base, mode: 'grid', screens: ['a:screen', 'b:screen'] });
    expect(plan.stage).toBe('b:screen');
    expect(plan.others).toEqual(['local', 'a', 'b', 'a:screen']);
  });
  it('lets a pin win over a screen share', () => {
    expect(planStage({ ...base, mode: 'grid', screens: ['a:screen'], pinned: 'b' }).stage).toBe('b');
  });
  it('ignores a pin on a tile that is gone', () => {
    expect(planStage({ ...base, mode: 'grid', pinned: 'zz' }).stage).toBeUndefined();
  });
  it('follows the active speaker in speaker layout, else the first remote camera', () => {
    expect(planStage({ ...base, mode: 'speaker', activeSpeaker: 'b' }).stage).toBe('b');
    expect(planStage({ ...base, mode: 'speaker' }).stage).toBe('a');
    expect(planStage({ ...base, tiles: ['local'], mode: 'speaker' }).stage).toBeUndefined();
  });
});
