// The backend's paper figure (export.figure, layout 'paper'): the app's multi-panel figure, rasterised without a canvas,
// checked by image analysis of the PNG (panels found as image-shaped blocks, their letters and titles as ink above
// them, the scale-bar label as white pixels inside each image), and drawn with the display settings the request carries.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exportFigure, figureModel, type ExportSource, type FigureOptions } from '../../../src/main/services/app/exports.js';
import {
  defaultDisplay, encodePng, hasGlyph, glyphOf, layoutFigure, rasterizeFigure, toWinAnsi, viewFigureModel, winAnsiTextWidth, type ElementDisplay,
} from '../../../src/shared/figure/index.js';
import { PALETTES } from '../../../src/shared/figure/palettes.js';
import { decodePng } from './decode.js';
import { changed, imagePanels, ink, whiteIn, type Png } from './png-analysis.js';

const W = 64, H = 48, N = W * H;

function blob(cx: number, cy: number, s: number, peak: number): Float32Array {
  const a = new Float32Array(N);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) a[y * W + x] = peak * Math.exp(-((x - cx) ** 2 + (y - cy) ** 2) / (2 * s * s));
  return a;
}

const SRC: ExportSource = {
  resultId: 'res-test', elements: ['Co', 'Mn'], maps: [blob(20, 20, 8, 90), blob(44, 28, 10, 60)], width: W, height: H,
  units: 'input map units (counts)', pixelSize: 0.25, unit: 'nm',
  inputs: { haadf: blob(32, 24, 20, 1000), maps: [blob(20, 20, 9, 5), blob(44, 28, 9, 3)] },
};


const png = (options: Partial<FigureOptions> = {}): Png => {
  const model = figureModel(SRC, { format: 'png', widthMm: 120, dpi: 200, ...options });
  const r = rasterizeFigure(model);
  return decodePng(encode(r.rgba, r.width, r.height));
};
// Through the PNG encoder and back, so the test reads what a file holds.
const encode = (rgba: Uint8Array, w: number, h: number) => encodePng(rgba, w, h, { dpi: 200 });

describe('the paper figure, rasterised', () => {
  const fig = png();
  const panels = imagePanels(fig, 150, W / H);

  it('has the HAADF, both overlays and every raw and fused map as panels, in rows: overview, raw, fused', () => {
    expect(figureModel(SRC, { format: 'png' }).panels.map((p) => p.title)).toEqual(['HAADF', 'Raw', 'Fused', 'Co raw', 'Mn raw', 'Co fused', 'Mn fused']);
    expect(panels).toHaveLength(7);
    const rows = [...new Set(panels.map((b) => b.y0))];
    expect(rows).toHaveLength(3);
    expect(panels.map((b) => rows.indexOf(b.y0))).toEqual([0, 0, 0, 1, 1, 2, 2]);
    for (const b of panels) { // every panel the same size
      expect(Math.abs(b.x1 - b.x0 - (panels[0]!.x1 - panels[0]!.x0))).toBeLessThanOrEqual(1);
    }
  });

  it('labels every panel: its letter at the left and its title in the middle of the header above the image', () => {
    const header = Math.round(((1.6 * 8 * 25.4) / 72) * (200 / 25.4)); // 1.6 × 8 pt in px at 200 dpi
    for (const b of panels) {
      const w = b.x1 - b.x0;
      expect(ink(fig, b.x0, b.y0 - header, b.x0 + Math.round(0.12 * w), b.y0 - 2), `letter above the panel at ${b.x0}, ${b.y0}`).toBeGreaterThan(30);
      expect(ink(fig, b.x0 + Math.round(0.3 * w), b.y0 - header, b.x0 + Math.round(0.7 * w), b.y0 - 2), `title above the panel at ${b.x0}, ${b.y0}`).toBeGreaterThan(60);
    }
    // and nothing but white paper between the header and the panel to its left/right (no text runs over a neighbour)
    expect(ink(fig, panels[0]!.x1 + 3, panels[0]!.y0 - header, panels[1]!.x0 - 3, panels[0]!.y0 - 2)).toBe(0);
  });

  it('puts each scale bar and its label inside its image, however narrow the panels', () => {
    for (const [widthMm, dpi] of [[120, 200], [60, 300]] as const) {
      const p = png({ widthMm, dpi });
      const boxes = imagePanels(p, 60, W / H);
      expect(boxes).toHaveLength(7);
      for (const b of boxes.slice(3)) { // the viridis maps hold no white of their own: white is the bar and its label
        const white = whiteIn(p, b);
        expect(white, `${widthMm} mm: panel at ${b.x0}`).not.toBeNull();
        expect(white!.x0).toBeGreaterThan(b.x0 + 1);
        expect(white!.x1).toBeLessThan(b.x1 - 1);
        expect(white!.y1).toBeLessThan(b.y1 - 1);
        expect(white!.h).toBeGreaterThan(Math.round(((8 * 25.4) / 72) * 0.5 * (dpi / 25.4))); // the label's text, not the bar alone
      }
    }
  });

  it('draws the request’s display settings: another window for Co changes the Co panels only', () => {
    const co: ElementDisplay = { ...defaultDisplay(0), contrast: 3, brightness: 0.2 };
    const other = png({ display: { Co: co } });
    expect([other.width, other.height]).toEqual([fig.width, fig.height]);
    const [, raw, fused, coRaw, mnRaw, coFused, mnFused] = panels;
    expect(changed(fig, other, coRaw!)).toBeGreaterThan(0.2 * (coRaw!.x1 - coRaw!.x0) * (coRaw!.y1 - coRaw!.y0));
    expect(changed(fig, other, coFused!)).toBeGreaterThan(0.2 * (coFused!.x1 - coFused!.x0) * (coFused!.y1 - coFused!.y0));
    expect(changed(fig, other, raw!)).toBeGreaterThan(0); // the overlays mix Co in
    expect(changed(fig, other, fused!)).toBeGreaterThan(0);
    expect(changed(fig, other, mnRaw!)).toBe(0);
    expect(changed(fig, other, mnFused!)).toBe(0);
  });

  it('leaves a hidden element out of the overlays and the map panels, and uses the colours sent', () => {
    const hidden = figureModel(SRC, { format: 'png', display: { Mn: { ...defaultDisplay(1), visible: false } } });
    expect(hidden.panels.map((p) => p.title)).toEqual(['HAADF', 'Raw', 'Fused', 'Co raw', 'Co fused']);
    expect(hidden.panels[2]!.legend!.map((e) => e.name)).toEqual(['Co']);
    expect(imagePanels(png({ display: { Mn: { ...defaultDisplay(1), visible: false } } }), 150, W / H)).toHaveLength(5);

    const classic = PALETTES['classic RGB'];
    const model = figureModel(SRC, { format: 'png', display: { Co: { ...defaultDisplay(0), color: classic[0] }, Mn: { ...defaultDisplay(1), color: classic[1] } } });
    expect(model.panels[2]!.legend!.map((e) => [...e.color])).toEqual([[255, 0, 0], [0, 255, 0]]);
    const overlay = model.panels[2]!.image.rgba;
    const peak = 4 * (20 * W + 20); // the Co blob's centre: pure red in the classic palette, magenta in the default
    expect([overlay[peak], overlay[peak + 2]]).toEqual([255, 0]);
    expect(figureModel(SRC, { format: 'png' }).panels[2]!.image.rgba[peak + 2]).toBe(255);
  });

  it('is the figure the app’s current-view export builds from the same images and settings', () => {
    const display = { Co: { ...defaultDisplay(0), gamma: 0.7 }, Mn: defaultDisplay(1) };
    const backend = figureModel(SRC, { format: 'png', display, colormap: 'magma', pixelSize: { value: 2, unit: 'nm' }, widthMm: 100, dpi: 150 });
    const app = viewFigureModel({
      width: W, height: H, haadf: SRC.inputs!.haadf, raw: { elements: SRC.elements, maps: SRC.inputs!.maps }, fused: { elements: SRC.elements, maps: SRC.maps },
      display: (el) => display[el as 'Co' | 'Mn'], colormap: 'magma', fusedUnit: 'counts', pixelSize: { value: 2, unit: 'nm' },
    }, 'paper', { widthMm: 100, dpi: 150 });
    expect({ ...backend, title: undefined }).toEqual({ ...app, title: undefined });
    expect(layoutFigure(backend).primitives.filter((p) => p.kind === 'text' && p.role === 'scale-label').map((p) => p.kind === 'text' && p.text)).toEqual(Array(7).fill('20 nm'));
  });

  it('refuses a colour map it does not know, as bad input', () => {
    expect(() => figureModel(SRC, { format: 'png', colormap: 'jet' })).toThrow(/unknown colour map jet/);
  });
});

describe('export.figure files', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'fusem-paper-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the paper figure as PNG (at its DPI), SVG and PDF, and records its panels beside it', async () => {
    const file = await exportFigure(SRC, { format: 'png', widthMm: 120, dpi: 200 }, dir);
    expect(path.basename(file)).toMatch(/^res-test-paper-.*\.png$/);
    const p = decodePng(new Uint8Array(readFileSync(file)));
    expect(p.width).toBe(Math.round((120 * 200) / 25.4));
    expect(imagePanels(p, 150, W / H)).toHaveLength(7);
    expect(JSON.parse(readFileSync(`${file}.json`, 'utf8'))).toMatchObject({ kind: 'figure', layout: 'paper', panels: ['HAADF', 'Raw', 'Fused', 'Co raw', 'Mn raw', 'Co fused', 'Mn fused'] });

    const svg = readFileSync(await exportFigure(SRC, { format: 'svg' }, dir), 'utf8');
    for (const t of ['HAADF', 'Raw', 'Fused', 'Co raw', 'Mn fused', '>a<', '>g<']) expect(svg).toContain(t);
    expect(svg.match(/>\s*5 nm\s*</g)).toHaveLength(7);
    const pdf = readFileSync(await exportFigure(SRC, { format: 'pdf' }, dir), 'latin1');
    for (const t of ['(HAADF) Tj', '(Co raw) Tj', '(Mn fused) Tj']) expect(pdf).toContain(t);

    // The overlay layout's PNG stays the image itself at the result's pixels.
    const overlay = decodePng(new Uint8Array(readFileSync(await exportFigure(SRC, { format: 'png', layout: 'overlay' }, dir))));
    expect([overlay.width, overlay.height]).toEqual([W, H]);
  });

  it('uses a pixel size the user set instead of the result’s', async () => {
    const svg = readFileSync(await exportFigure(SRC, { format: 'svg', pixelSize: { value: 1, unit: 'µm' } }, dir), 'utf8');
    expect(svg).toMatch(/>\s*10 µm\s*</);
    expect(svg).not.toMatch(/>\s*5 nm\s*</);
  });
});

describe('the stroke font', () => {
  it('has a glyph for every printable ASCII character and the units the figures write (µ, Å, °, ×, ±)', () => {
    for (let c = 33; c < 127; c++) expect(hasGlyph(c), String.fromCharCode(c)).toBe(true);
    for (const ch of ['µ', 'Å', '°', '×', '±', '·', '–']) expect(hasGlyph(toWinAnsi(ch)[0]!), ch).toBe(true);
  });

  it('keeps every glyph inside its Helvetica advance and between descender and accent', () => {
    for (let c = 33; c < 256; c++) {
      if (!hasGlyph(c)) continue;
      const advance = winAnsiTextWidth(Uint8Array.of(c), false) * 10; // in the glyphs' units, 0.1 em
      for (const stroke of glyphOf(c)) {
        for (const [x, y] of stroke) {
          expect(x, `${String.fromCharCode(c)} x`).toBeGreaterThan(-0.5);
          expect(x, `${String.fromCharCode(c)} x`).toBeLessThan(advance + 0.5);
          expect(y, `${String.fromCharCode(c)} y`).toBeGreaterThan(-2.5);
          expect(y, `${String.fromCharCode(c)} y`).toBeLessThan(9.2);
        }
      }
    }
  });
});
