import { describe, expect, it } from 'vitest';
import {
  colormapLut, displayIntensity, layoutFigure, lutColor, lutIndex, panelLetter, textWidth, type Primitive,
} from '../../../src/shared/figure/index.js';
import { CELL_W, FONT, HEADER, IMG_H, W, makeFigure } from './fixture.js';

type Of<K extends Primitive['kind']> = Extract<Primitive, { kind: K }>;
const of = <K extends Primitive['kind']>(prims: readonly Primitive[], kind: K): Of<K>[] => prims.filter((p): p is Of<K> => p.kind === kind);

describe('layoutFigure', () => {
  const layout = layoutFigure(makeFigure());
  const texts = of(layout.primitives, 'text');
  const rects = of(layout.primitives, 'rect');

  it('places panels in a grid of equal-width cells scaled to the figure width', () => {
    const images = of(layout.primitives, 'image');
    expect(images.map((p) => [p.panel, p.x, p.w])).toEqual([[0, 2, CELL_W], [1, 2 + CELL_W + 3, CELL_W], [2, 2, CELL_W]]);
    expect(images[0]!.y).toBeCloseTo(2 + HEADER, 12);
    expect(images[0]!.h).toBeCloseTo(IMG_H, 12);
    const row0 = HEADER + IMG_H + 0.6 * FONT + 0.9 * FONT + 0.3 * FONT + 1.1 * FONT + 1.2 * FONT; // panel b: image + colour bar + caption
    expect(images[2]!.y).toBeCloseTo(2 + row0 + 3 + HEADER, 9);
    const row1 = HEADER + IMG_H + 0.6 * FONT + 1.3 * FONT; // panel c: image + one legend line
    expect(layout.heightMm).toBeCloseTo(2 + row0 + 3 + row1 + 2, 9);
    expect(rects[0]).toMatchObject({ role: 'background', x: 0, y: 0, w: 180, h: layout.heightMm, fill: [255, 255, 255] });
  });

  it('letters the panels and centres titles', () => {
    expect(texts.filter((t) => t.role === 'letter').map((t) => [t.text, t.x, t.bold])).toEqual([['a', 2, true], ['b', 2 + CELL_W + 3, true], ['c', 2, true]]);
    expect(texts.filter((t) => t.role === 'title').map((t) => [t.text, t.x, t.anchor])).toEqual([
      ['HAADF', 2 + CELL_W / 2, 'middle'], ['Fe K (fused)', 2 + CELL_W + 3 + CELL_W / 2, 'middle'], ['Overlay <Fe & O>', 2 + CELL_W / 2, 'middle'],
    ]);
    expect([0, 25, 26, 27, 701].map(panelLetter)).toEqual(['a', 'z', 'aa', 'ab', 'zz']);
  });

  it('draws the scale bar to scale in the bottom-right corner, and "scale unknown" when unknown', () => {
    const bars = rects.filter((r) => r.role === 'scale-bar');
    expect(bars.map((b) => b.panel)).toEqual([0, 2]);
    const inset = 0.03 * CELL_W;
    expect(bars[0]!.w).toBeCloseTo((20 * CELL_W) / W, 12); // 2 nm = 20 px at 0.1 nm/px
    expect(bars[0]!.x + bars[0]!.w).toBeCloseTo(2 + CELL_W - inset, 12);
    expect(bars[0]!.y + bars[0]!.h).toBeCloseTo(2 + HEADER + IMG_H - inset, 12);
    expect(bars[0]!.fill).toEqual([255, 255, 255]);
    const labels = texts.filter((t) => t.role === 'scale-label');
    expect(labels.map((t) => [t.panel, t.text, t.anchor])).toEqual([[0, '2 nm', 'middle'], [2, '2 nm', 'middle']]);
    expect(labels[0]!.x).toBeCloseTo(bars[0]!.x + bars[0]!.w / 2, 12);
    expect(labels[0]!.y).toBeLessThan(bars[0]!.y);
    const unknown = texts.filter((t) => t.role === 'scale-unknown');
    expect(unknown.map((t) => [t.panel, t.text, t.anchor])).toEqual([[1, 'scale unknown', 'end']]);
  });

  it('keeps the scale-bar label inside the image when the bar is shorter than its label (a narrow panel)', () => {
    const narrow = layoutFigure(makeFigure({ widthMm: 40, layout: { columns: 4 } }));
    const images = of(narrow.primitives, 'image');
    for (const t of of(narrow.primitives, 'text').filter((p) => p.role === 'scale-label')) {
      const img = images.find((im) => im.panel === t.panel)!;
      const half = textWidth(t.text, t.size) / 2;
      expect(t.x - half).toBeGreaterThanOrEqual(img.x);
      expect(t.x + half).toBeLessThanOrEqual(img.x + img.w);
    }
  });

  it('draws the colour bar as value-linear LUT segments with a frame, ticks and caption', () => {
    const lut = colormapLut('viridis');
    const segs = rects.filter((r) => r.role === 'colorbar');
    expect(segs[0]!.fill).toEqual(lutColor(lut, 0));
    expect(segs[segs.length - 1]!.fill).toEqual(lutColor(lut, 255));
    expect(segs.length).toBeGreaterThan(200);
    const x0 = 2 + CELL_W + 3;
    const last = segs[segs.length - 1]!;
    expect(last.x + last.w).toBeCloseTo(x0 + CELL_W, 12);
    for (let i = 1; i < segs.length; i++) expect(segs[i - 1]!.x + segs[i - 1]!.w).toBeGreaterThan(segs[i]!.x); // overlapping, no seams
    expect(rects.filter((r) => r.role === 'colorbar-frame')).toMatchObject([{ x: x0, w: CELL_W, stroke: [0, 0, 0] }]);
    const ticks = texts.filter((t) => t.role === 'tick');
    expect(ticks.map((t) => t.text)).toEqual(['0', '10', '20', '30', '40']);
    const tickLines = of(layout.primitives, 'line');
    expect(tickLines.map((l) => l.x1)).toEqual([0, 0.25, 0.5, 0.75, 1].map((f) => x0 + f * CELL_W));
    expect(texts.find((t) => t.role === 'colorbar-caption')).toMatchObject({ text: 'Fe (counts)', x: x0 + CELL_W / 2 });
  });

  it('shows the same gamma curve on the colour bar as on the image', () => {
    const lut = colormapLut('grey');
    const fig = makeFigure({ panels: [{ image: { width: 1, height: 1, rgba: new Uint8Array(4) }, colorBar: { lut, lo: 0, hi: 1, gamma: 2 } }] });
    const segs = of(layoutFigure(fig).primitives, 'rect').filter((r) => r.role === 'colorbar');
    const expected: number[] = [];
    for (let j = 0; j < 256; j++) {
      const idx = lutIndex(displayIntensity((j + 0.5) / 256, 0, 1, 2));
      if (expected[expected.length - 1] !== idx) expected.push(idx);
    }
    expect(segs.map((s) => s.fill![0])).toEqual(expected);
  });

  it('lays the legend out as swatch + name', () => {
    const swatches = rects.filter((r) => r.role === 'swatch');
    expect(swatches.map((s) => s.fill)).toEqual([[255, 0, 0], [0, 255, 255]]);
    expect(swatches[0]!.x).toBe(2);
    expect(texts.filter((t) => t.role === 'legend').map((t) => t.text)).toEqual(['Fe K', 'O K']);
    // many entries wrap onto further lines within the cell
    const many = Array.from({ length: 30 }, (_, i) => ({ name: `Element ${i}`, color: [255, 0, 0] as const }));
    const l2 = layoutFigure(makeFigure({ panels: [{ image: { width: 1, height: 1, rgba: new Uint8Array(4) }, legend: many }] }));
    const sw = of(l2.primitives, 'rect').filter((r) => r.role === 'swatch');
    expect(new Set(sw.map((s) => s.y)).size).toBeGreaterThan(3);
    for (const s of sw) expect(s.x + s.w).toBeLessThanOrEqual(l2.widthMm - 2);
  });

  it('reports effective DPI and warns below the requested DPI', () => {
    const dpi = W / (CELL_W / 25.4);
    expect(layout.panelDpi).toEqual([dpi, dpi, dpi]);
    expect(layout.warnings).toEqual(['a', 'b', 'c'].map((l) => `panel ${l}: 100 px across 86.5 mm is 29 DPI, below the requested 300 DPI`));
    expect(layoutFigure(makeFigure({ dpi: 20 })).warnings).toEqual([]);
  });

  it('validates the model', () => {
    expect(() => layoutFigure(makeFigure({ widthMm: 0 }))).toThrow(RangeError);
    expect(() => layoutFigure(makeFigure({ layout: { columns: 0 } }))).toThrow(RangeError);
    expect(() => layoutFigure(makeFigure({ widthMm: 5, layout: { columns: 3 } }))).toThrow(RangeError);
    expect(() => layoutFigure(makeFigure({ panels: [{ image: { width: 2, height: 2, rgba: new Uint8Array(4) } }] }))).toThrow(RangeError);
    expect(() => layoutFigure(makeFigure({ panels: [{ image: { width: 1, height: 1, rgba: new Uint8Array(4) }, colorBar: { lut: new Uint8Array(3), lo: 0, hi: 1 } }] }))).toThrow(RangeError);
  });
});
