import { describe, expect, it } from 'vitest';
import { actionFor, isTypingTarget, nextRegionTool } from '../../../src/renderer/src/tools/shortcuts.js';
import { bandCorners, describeShape, isDegenerate, shapeFromDrag, toApiRegion, toMaskShape } from '../../../src/renderer/src/tools/shapes.js';
import { displayWindow, hexToRgb } from '../../../src/renderer/src/tools/display.js';
import { histogramRange, measureRegion, profileOf, regionHistogram } from '../../../src/renderer/src/tools/measure.js';
import { parseWindowState, DEFAULT_WINDOW_STATE, PROFILE_HEIGHT } from '../../../src/renderer/src/stores/persist.js';
import { Region } from '../../../src/shared/api/schemas/quantify.js';

describe('keyboard shortcuts', () => {
  it('maps keys to actions, Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y to undo and redo', () => {
    expect(actionFor({ key: 'f' })).toBe('fuse');
    expect(actionFor({ key: 'F', shiftKey: true })).toBe('fuse');
    expect(actionFor({ key: 'Escape' })).toBe('cancel');
    expect(actionFor({ key: 'l' })).toBe('tool-line');
    expect(actionFor({ key: 'r' })).toBe('tool-region');
    expect(actionFor({ key: '0' })).toBe('fit');
    expect(actionFor({ key: 'z', ctrlKey: true })).toBe('undo');
    expect(actionFor({ key: 'Z', ctrlKey: true, shiftKey: true })).toBe('redo');
    expect(actionFor({ key: 'z', metaKey: true, shiftKey: true })).toBe('redo');
    expect(actionFor({ key: 'y', ctrlKey: true })).toBe('redo');
    expect(actionFor({ key: 'f', ctrlKey: true })).toBeNull();
    expect(actionFor({ key: 'f', altKey: true })).toBeNull();
    expect(actionFor({ key: 'q' })).toBeNull();
  });

  it('leaves keys typed into text fields alone', () => {
    const el = (tagName: string, type?: string) => ({ tagName, type, isContentEditable: false }) as unknown as EventTarget;
    expect(isTypingTarget(el('INPUT', 'text'))).toBe(true);
    expect(isTypingTarget(el('INPUT', 'number'))).toBe(true);
    expect(isTypingTarget(el('INPUT', 'checkbox'))).toBe(false);
    expect(isTypingTarget(el('SELECT'))).toBe(true);
    expect(isTypingTarget(el('BUTTON'))).toBe(false);
    expect(isTypingTarget(null)).toBe(false);
  });

  it('R cycles the region tools', () => {
    expect(nextRegionTool('pan')).toBe('point');
    expect(nextRegionTool('point')).toBe('rect');
    expect(nextRegionTool('polygon')).toBe('point');
  });
});

describe('shapes', () => {
  it('translate to valid API regions and quant masks', () => {
    const shapes = [
      { kind: 'point', x: 3.5, y: 4.5, radius: 0 },
      { kind: 'point', x: 3.5, y: 4.5, radius: 2 },
      { kind: 'rect', x0: 8, y0: 9, x1: 2, y1: 3 },
      { kind: 'ellipse', cx: 5, cy: 5, rx: 3, ry: 2 },
      { kind: 'polygon', points: [[0, 0], [4, 0], [0, 4]] },
    ] as const;
    for (const s of shapes) expect(Region.safeParse(toApiRegion(s as never)).success).toBe(true);
    expect(toApiRegion(shapes[2] as never)).toEqual({ kind: 'rect', x: 2, y: 3, width: 6, height: 6 });
    expect(toApiRegion(shapes[1] as never)).toEqual({ kind: 'ellipse', cx: 3.5, cy: 4.5, rx: 2, ry: 2 });
    expect(toMaskShape(shapes[2] as never)).toEqual({ kind: 'rectangle', x0: 8, y0: 9, x1: 2, y1: 3 });
  });

  it('drags make rectangles and ellipses; tiny ones are degenerate', () => {
    expect(shapeFromDrag('rect', 10, 10, 4, 2)).toEqual({ kind: 'rect', x0: 4, y0: 2, x1: 10, y1: 10 });
    expect(shapeFromDrag('ellipse', 0, 0, 10, 4)).toEqual({ kind: 'ellipse', cx: 5, cy: 2, rx: 5, ry: 2 });
    expect(isDegenerate(shapeFromDrag('rect', 1, 1, 1.3, 5))).toBe(true);
    expect(isDegenerate({ kind: 'point', x: 0, y: 0, radius: 0 })).toBe(false);
    expect(describeShape({ kind: 'point', x: 1, y: 2, radius: 2 })).toBe('point (1, 2) r 2');
  });

  it('the profile band is width pixels across the line', () => {
    const c = bandCorners({ x0: 0, y0: 0, x1: 10, y1: 0, width: 4 });
    expect(c).toEqual([[0, 2], [10, 2], [10, -2], [0, -2]]);
  });
});

describe('display window', () => {
  it('brightness shifts and contrast narrows the automatic window', () => {
    expect(displayWindow({ lo: 0, hi: 10 }, { brightness: 0, contrast: 1 })).toEqual({ lo: 0, hi: 10 });
    expect(displayWindow({ lo: 0, hi: 10 }, { brightness: 0.1, contrast: 1 })).toEqual({ lo: -1, hi: 9 });
    expect(displayWindow({ lo: 0, hi: 10 }, { brightness: 0, contrast: 2 })).toEqual({ lo: 2.5, hi: 7.5 });
    expect(hexToRgb('#ff8000')).toEqual([255, 128, 0]);
    expect(hexToRgb('nonsense')).toEqual([255, 255, 255]);
  });
});

describe('measurements in the renderer', () => {
  // Two elements on 8 × 8: the left half A:B = 3:1, the right half 1:1.
  const w = 8, h = 8;
  const a = new Float32Array(w * h), b = new Float32Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    a[y * w + x] = x < 4 ? 3 : 1;
    b[y * w + x] = 1;
  }
  const maps = { elements: ['A', 'B'], width: w, height: h, data: [a, b] };

  it('composition of a click and of a rectangle, in percent', () => {
    const left = measureRegion(maps, { kind: 'point', x: 1.5, y: 1.5, radius: 1 });
    expect(left.ok && left.composition).toEqual([{ element: 'A', mean: 75, std: 0 }, { element: 'B', mean: 25, std: 0 }]);
    const all = measureRegion(maps, { kind: 'rect', x0: 0, y0: 0, x1: 8, y1: 8 });
    expect(all.ok && all.pixels).toBe(64);
    expect(all.ok && all.composition[0]!.mean).toBeCloseTo(62.5);
    const outside = measureRegion(maps, { kind: 'point', x: 20, y: 1, radius: 0 });
    expect(outside.ok).toBe(false);
  });

  it('histogram of a two-phase region: two Gaussians at 50 and 75 %', () => {
    const m = measureRegion(maps, { kind: 'rect', x0: 0, y0: 0, x1: 8, y1: 8 });
    if (!m.ok) throw new Error(m.error);
    const hist = regionHistogram(m, 2, 0);
    expect(hist.histogram.total).toBe(64);
    expect(hist.fits.ok && hist.fits.chosen).toBe(2);
    if (hist.fits.ok) expect(hist.fits.best.components.map((c) => Math.round(c.mean))).toEqual([50, 75]);
    expect(histogramRange([50, 50])).toEqual([45, 55]);
    expect(histogramRange([])).toEqual([0, 100]);
  });

  it('profiles of raw and fused maps along a line, in calibrated units', () => {
    const p = profileOf({ x0: 0, y0: 4, x1: 8, y1: 4, width: 3 }, maps, maps, { value: 0.5, unit: 'nm' });
    expect(p.series.map((s) => s.name)).toEqual(['A_raw', 'B_raw', 'A_fused', 'B_fused']);
    expect(p.unit).toBe('nm');
    expect(p.distance.at(-1)).toBe(4);
    expect(p.series[0]!.values[1]).toBe(3);
    expect(p.series[0]!.values.at(-2)).toBe(1);
  });
});

describe('window state', () => {
  it('falls back to the defaults for anything missing or odd, and clamps sizes', () => {
    expect(parseWindowState(null)).toEqual(DEFAULT_WINDOW_STATE);
    expect(parseWindowState('not json')).toEqual(DEFAULT_WINDOW_STATE);
    const s = parseWindowState(JSON.stringify({ tab: 'export', sidebarWidth: 5000, logY: 'yes', exportDpi: 600, colormap: 'magma', tab2: 1 }));
    expect(s.tab).toBe('export');
    expect(s.sidebarWidth).toBe(480);
    expect(s.logY).toBe(DEFAULT_WINDOW_STATE.logY);
    expect(s.exportDpi).toBe(600);
    expect(s.colormap).toBe('magma');
    expect(parseWindowState(JSON.stringify({ tab: 'nowhere' })).tab).toBe('fusion');
  });

  it('remembers the overlay palette by name (an unknown one falls back to the colour-blind-safe default)', () => {
    expect(DEFAULT_WINDOW_STATE.palette).toBe('colour-blind safe');
    expect(parseWindowState(JSON.stringify({ palette: 'classic RGB' })).palette).toBe('classic RGB');
    expect(parseWindowState(JSON.stringify({ palette: 'rainbow' })).palette).toBe('colour-blind safe');
    expect(parseWindowState(JSON.stringify({ palette: 3 })).palette).toBe('colour-blind safe');
  });

  it('keeps the profile panel’s height within its bounds, in whole pixels', () => {
    expect(parseWindowState(JSON.stringify({ profileHeight: 333.6 })).profileHeight).toBe(334);
    expect(parseWindowState(JSON.stringify({ profileHeight: 5 })).profileHeight).toBe(PROFILE_HEIGHT.min);
    expect(parseWindowState(JSON.stringify({ profileHeight: 1e6 })).profileHeight).toBe(PROFILE_HEIGHT.max);
    expect(parseWindowState(JSON.stringify({ profileNormalise: false })).profileNormalise).toBe(false);
  });
});
