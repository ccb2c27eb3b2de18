/**
 * A FigureModel rasterised without a canvas (for the backend's PNG exports): the same layout (layoutFigure) the SVG
 * and PDF writers draw, painted into RGBA at the model's DPI. Rectangles are anti-aliased by exact pixel coverage,
 * lines and text (stroke-font.ts, with Helvetica's advance widths) by distance to the stroke, images nearest-neighbour
 * (a pixel takes the image pixel under its centre), as the writers ask viewers to draw them.
 */
import type { Rgb } from './colormaps.js';
import type { FigureModel } from './figure-model.js';
import { layoutFigure, type FigureLayout, type Primitive } from './figure-layout.js';
import { encodePng } from './png.js';
import { glyphOf } from './stroke-font.js';
import { toWinAnsi } from './win-ansi.js';
import { winAnsiTextWidth } from './font-metrics.js';

export interface RasterFigure {
  readonly width: number;
  readonly height: number;
  /** width × height × 4 bytes, opaque. */
  readonly rgba: Uint8Array;
  readonly layout: FigureLayout;
  /** PNG pixels per millimetre (x, y). */
  readonly scale: number;
}

/** Pixel size of the figure at its DPI: millimetres × dpi / 25.4, as the renderer's PNG export (pngSize). */
export function rasterSize(layout: FigureLayout, dpi: number): { width: number; height: number } {
  return { width: Math.max(1, Math.round((layout.widthMm * dpi) / 25.4)), height: Math.max(1, Math.round((layout.heightMm * dpi) / 25.4)) };
}

class Canvas {
  readonly rgba: Uint8Array;
  constructor(readonly width: number, readonly height: number, background: Rgb) {
    this.rgba = new Uint8Array(width * height * 4);
    for (let i = 0; i < width * height; i++) {
      this.rgba[4 * i] = background[0]; this.rgba[4 * i + 1] = background[1]; this.rgba[4 * i + 2] = background[2]; this.rgba[4 * i + 3] = 255;
    }
  }

  /** Paint colour `c` over pixel (x, y) with coverage `a` in [0, 1]. */
  blend(x: number, y: number, c: Rgb, a: number): void {
    if (!(a > 0) || x < 0 || y < 0 || x >= this.width || y >= this.height) return;
    const o = 4 * (y * this.width + x);
    const t = Math.min(1, a);
    for (let k = 0; k < 3; k++) this.rgba[o + k] = Math.round(this.rgba[o + k]! + (c[k]! - this.rgba[o + k]!) * t);
  }

  /** An axis-aligned rectangle in pixels, each pixel covered by the fraction of its area inside. */
  fillRect(x0: number, y0: number, x1: number, y1: number, c: Rgb): void {
    const px0 = Math.max(0, Math.floor(x0)), px1 = Math.min(this.width - 1, Math.ceil(x1) - 1);
    const py0 = Math.max(0, Math.floor(y0)), py1 = Math.min(this.height - 1, Math.ceil(y1) - 1);
    for (let y = py0; y <= py1; y++) {
      const cy = Math.min(y + 1, y1) - Math.max(y, y0);
      if (!(cy > 0)) continue;
      for (let x = px0; x <= px1; x++) {
        const cx = Math.min(x + 1, x1) - Math.max(x, x0);
        this.blend(x, y, c, cx * cy);
      }
    }
  }

  /** Segments (pixel coordinates) stroked `width` px wide with round ends, anti-aliased by distance to the nearest. */
  strokeSegments(segs: readonly (readonly [number, number, number, number])[], width: number, c: Rgb): void {
    if (segs.length === 0) return;
    const r = Math.max(0.5, width / 2);
    let bx0 = Infinity, by0 = Infinity, bx1 = -Infinity, by1 = -Infinity;
    for (const [ax, ay, bx, by] of segs) {
      bx0 = Math.min(bx0, ax, bx); bx1 = Math.max(bx1, ax, bx); by0 = Math.min(by0, ay, by); by1 = Math.max(by1, ay, by);
    }
    const x0 = Math.max(0, Math.floor(bx0 - r - 1)), x1 = Math.min(this.width - 1, Math.ceil(bx1 + r + 1));
    const y0 = Math.max(0, Math.floor(by0 - r - 1)), y1 = Math.min(this.height - 1, Math.ceil(by1 + r + 1));
    for (let y = y0; y <= y1; y++) {
      const py = y + 0.5;
      for (let x = x0; x <= x1; x++) {
        const px = x + 0.5;
        let d2 = Infinity;
        for (const [ax, ay, bx, by] of segs) {
          const dx = bx - ax, dy = by - ay;
          const len2 = dx * dx + dy * dy;
          const t = len2 > 0 ? Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2)) : 0;
          const ex = px - (ax + t * dx), ey = py - (ay + t * dy);
          d2 = Math.min(d2, ex * ex + ey * ey);
        }
        const cover = r + 0.5 - Math.sqrt(d2);
        if (cover > 0) this.blend(x, y, c, cover);
      }
    }
  }
}

function drawText(canvas: Canvas, p: Extract<Primitive, { kind: 'text' }>, s: number): void {
  const bytes = toWinAnsi(p.text);
  const em = p.size * s; // px per em
  const total = winAnsiTextWidth(bytes, p.bold) * em;
  let pen = p.x * s - (p.anchor === 'middle' ? total / 2 : p.anchor === 'end' ? total : 0);
  const base = p.y * s;
  const unit = em / 10; // glyph units are 0.1 em
  const lineWidth = Math.max(1, em * (p.bold ? 0.13 : 0.085));
  for (const b of bytes) {
    const segs: [number, number, number, number][] = [];
    const advance = winAnsiTextWidth(Uint8Array.of(b), p.bold) * em;
    const regular = winAnsiTextWidth(Uint8Array.of(b), false) * em;
    const left = pen + (advance - regular) / 2; // bold advances are a little wider: centre the regular drawing
    for (const stroke of glyphOf(b)) {
      for (let k = 1; k < stroke.length; k++) {
        const [ax, ay] = stroke[k - 1]!, [bx, by] = stroke[k]!;
        segs.push([left + ax * unit, base - ay * unit, left + bx * unit, base - by * unit]);
      }
    }
    canvas.strokeSegments(segs, lineWidth, p.color); // glyph by glyph: each one's box only
    pen += advance;
  }
}

function drawImage(canvas: Canvas, p: Extract<Primitive, { kind: 'image' }>, s: number): void {
  const { width: iw, height: ih, rgba } = p.image;
  const x0 = p.x * s, y0 = p.y * s, w = p.w * s, h = p.h * s;
  const px0 = Math.max(0, Math.ceil(x0 - 0.5)), px1 = Math.min(canvas.width - 1, Math.floor(x0 + w - 0.5));
  const py0 = Math.max(0, Math.ceil(y0 - 0.5)), py1 = Math.min(canvas.height - 1, Math.floor(y0 + h - 0.5));
  for (let y = py0; y <= py1; y++) {
    const sy = Math.min(ih - 1, Math.floor(((y + 0.5 - y0) / h) * ih));
    for (let x = px0; x <= px1; x++) {
      const sx = Math.min(iw - 1, Math.floor(((x + 0.5 - x0) / w) * iw));
      const k = 4 * (sy * iw + sx);
      canvas.blend(x, y, [rgba[k]!, rgba[k + 1]!, rgba[k + 2]!], rgba[k + 3]! / 255);
    }
  }
}

/** The figure as RGBA pixels at its DPI (white page unless the model sets a background). */
export function rasterizeFigure(model: FigureModel): RasterFigure {
  const layout = layoutFigure(model);
  const { width, height } = rasterSize(layout, model.dpi);
  const s = width / layout.widthMm;
  const canvas = new Canvas(width, height, model.background ?? [255, 255, 255]);
  for (const p of layout.primitives) {
    if (p.kind === 'rect') {
      if (p.fill) canvas.fillRect(p.x * s, p.y * s, (p.x + p.w) * s, (p.y + p.h) * s, p.fill);
      if (p.stroke) {
        const lw = Math.max(1, (p.strokeWidth ?? 0.1) * s), hw = lw / 2;
        const [x0, y0, x1, y1] = [p.x * s, p.y * s, (p.x + p.w) * s, (p.y + p.h) * s];
        canvas.fillRect(x0 - hw, y0 - hw, x1 + hw, y0 + hw, p.stroke);
        canvas.fillRect(x0 - hw, y1 - hw, x1 + hw, y1 + hw, p.stroke);
        canvas.fillRect(x0 - hw, y0 + hw, x0 + hw, y1 - hw, p.stroke);
        canvas.fillRect(x1 - hw, y0 + hw, x1 + hw, y1 - hw, p.stroke);
      }
    } else if (p.kind === 'line') {
      canvas.strokeSegments([[p.x1 * s, p.y1 * s, p.x2 * s, p.y2 * s]], Math.max(1, p.width * s), p.color);
    } else if (p.kind === 'text') {
      drawText(canvas, p, s);
    } else {
      drawImage(canvas, p, s);
    }
  }
  return { width, height, rgba: canvas.rgba, layout, scale: s };
}

/** The figure as a PNG at its DPI (with a pHYs chunk giving it). */
export function figurePngBytes(model: FigureModel): Uint8Array {
  const r = rasterizeFigure(model);
  return encodePng(r.rgba, r.width, r.height, { dpi: model.dpi });
}
