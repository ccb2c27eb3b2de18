/** Lays a FigureModel out as a display list in millimetres (origin top-left, y down) that the SVG and PDF writers draw primitive by primitive. */
import { LUT_BYTES, type Rgb, lutColor } from './colormaps.js';
import { checkDisplayRange, displayIntensity, lutIndex } from './display-range.js';
import type { ColorBarSpec, FigureModel, FigurePanel } from './figure-model.js';
import type { FigureImage } from './figure-model.js';
import { textWidth } from './font-metrics.js';
import { niceTicks } from './ticks.js';

export const MM_PER_PT = 25.4 / 72;
export const SCALE_UNKNOWN_TEXT = 'scale unknown';

export type TextAnchor = 'start' | 'middle' | 'end';
export type TextRole = 'letter' | 'title' | 'scale-label' | 'scale-unknown' | 'tick' | 'colorbar-caption' | 'legend';
export type RectRole = 'background' | 'scale-bar' | 'colorbar' | 'colorbar-frame' | 'swatch';

/** `panel` is the panel index, or -1 for page-level primitives. */
export type Primitive =
  | { readonly kind: 'rect'; readonly panel: number; readonly role: RectRole; readonly x: number; readonly y: number; readonly w: number; readonly h: number; readonly fill?: Rgb; readonly stroke?: Rgb; readonly strokeWidth?: number }
  | { readonly kind: 'line'; readonly panel: number; readonly x1: number; readonly y1: number; readonly x2: number; readonly y2: number; readonly color: Rgb; readonly width: number }
  | { readonly kind: 'text'; readonly panel: number; readonly role: TextRole; readonly x: number; readonly y: number; readonly text: string; readonly size: number; readonly anchor: TextAnchor; readonly bold: boolean; readonly color: Rgb }
  | { readonly kind: 'image'; readonly panel: number; readonly x: number; readonly y: number; readonly w: number; readonly h: number; readonly image: FigureImage; readonly effectiveDpi: number };

export interface FigureLayout {
  readonly widthMm: number;
  readonly heightMm: number;
  /** Drawing order: later primitives paint over earlier ones; text `y` is the baseline. */
  readonly primitives: readonly Primitive[];
  /** Image pixels per inch at print size, per panel. */
  readonly panelDpi: readonly number[];
  readonly warnings: readonly string[];
}

const BLACK: Rgb = [0, 0, 0];
const WHITE: Rgb = [255, 255, 255];

/** a, b, …, z, aa, ab, … */
export function panelLetter(i: number): string {
  let s = '';
  let n = i;
  do {
    s = String.fromCharCode(97 + (n % 26)) + s;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return s;
}

function checkImage(img: FigureImage, where: string): void {
  if (!Number.isInteger(img.width) || !Number.isInteger(img.height) || img.width < 1 || img.height < 1) throw new RangeError(`${where}: image size must be positive integers, got ${img.width} x ${img.height}`);
  if (img.rgba.length !== img.width * img.height * 4) throw new RangeError(`${where}: expected ${img.width * img.height * 4} RGBA bytes, got ${img.rgba.length}`);
}

function caption(cb: ColorBarSpec): string {
  if (cb.label && cb.unit) return `${cb.label} (${cb.unit})`;
  return cb.label ?? cb.unit ?? '';
}

/** Vertical metrics (mm) of the blocks under an image, shared by height calculation and drawing. */
function metrics(font: number) {
  return {
    header: font * 1.6,
    cbGap: font * 0.6,
    cbH: font * 0.9,
    tickLen: font * 0.3,
    tickLabel: font * 1.1,
    captionLine: font * 1.2,
    legendGap: font * 0.6,
    legendLine: font * 1.3,
    swatch: font * 0.75,
  };
}

type Metrics = ReturnType<typeof metrics>;

function legendLines(panel: FigurePanel, width: number, font: number, m: Metrics): { x: number; line: number }[] {
  const pos: { x: number; line: number }[] = [];
  let x = 0;
  let line = 0;
  for (const e of panel.legend ?? []) {
    const w = m.swatch + font * 0.35 + textWidth(e.name, font) + font;
    if (x > 0 && x + w - font > width) {
      line++;
      x = 0;
    }
    pos.push({ x, line });
    x += w;
  }
  return pos;
}

function colorBarHeight(panel: FigurePanel, m: Metrics): number {
  if (!panel.colorBar) return 0;
  return m.cbGap + m.cbH + m.tickLen + m.tickLabel + (caption(panel.colorBar) ? m.captionLine : 0);
}

/** Panel indices row by row: rows of `cols`, with a new row also at each index in `starts`. */
function gridRows(n: number, cols: number, starts: readonly number[]): number[][] {
  const rows: number[][] = [];
  for (let i = 0; i < n; i++) {
    const last = rows.at(-1);
    if (!last || last.length === cols || starts.includes(i)) rows.push([i]);
    else last.push(i);
  }
  return rows;
}

/** Lays out the whole figure; throws RangeError on invalid sizes. */
export function layoutFigure(fig: FigureModel): FigureLayout {
  if (!Number.isFinite(fig.widthMm) || fig.widthMm <= 0) throw new RangeError(`widthMm must be > 0, got ${fig.widthMm}`);
  if (!Number.isFinite(fig.dpi) || fig.dpi <= 0) throw new RangeError(`dpi must be > 0, got ${fig.dpi}`);
  const columnsIn = fig.layout.columns;
  if (!Number.isInteger(columnsIn) || columnsIn < 1) throw new RangeError(`layout.columns must be a positive integer, got ${columnsIn}`);
  const font = (fig.fontSizePt ?? 8) * MM_PER_PT;
  if (!(font > 0)) throw new RangeError(`fontSizePt must be > 0, got ${fig.fontSizePt}`);
  const margin = fig.layout.marginMm ?? 2;
  const gap = fig.layout.gapMm ?? 3;
  const n = fig.panels.length;
  const cols = Math.max(1, Math.min(columnsIn, n));
  const cellW = (fig.widthMm - 2 * margin - (cols - 1) * gap) / cols;
  if (!(cellW > 0)) throw new RangeError(`widthMm ${fig.widthMm} leaves no room for ${cols} columns with ${margin} mm margins and ${gap} mm gaps`);
  const m = metrics(font);
  const letters = fig.panelLetters ?? true;
  const hasHeader = letters || fig.panels.some((p) => p.title);
  const headerH = hasHeader ? m.header : 0;
  const barColor = fig.scaleBarColor ?? WHITE;

  fig.panels.forEach((p, i) => {
    checkImage(p.image, `panel ${panelLetter(i)}`);
    if (p.colorBar) {
      checkDisplayRange(p.colorBar.lo, p.colorBar.hi, p.colorBar.gamma ?? 1);
      if (p.colorBar.lut.length !== LUT_BYTES) throw new RangeError(`panel ${panelLetter(i)}: colour bar LUT must have ${LUT_BYTES} bytes`);
    }
  });

  const panelH = fig.panels.map((p) => {
    const legend = legendLines(p, cellW, font, m);
    const legendH = legend.length ? m.legendGap + (legend[legend.length - 1]!.line + 1) * m.legendLine : 0;
    return headerH + (cellW * p.image.height) / p.image.width + colorBarHeight(p, m) + legendH;
  });
  const grid = gridRows(n, cols, fig.layout.rowStarts ?? []);
  const rows = grid.length;
  const rowH = grid.map((row) => Math.max(...row.map((i) => panelH[i]!)));
  const heightMm = 2 * margin + rowH.reduce((a, b) => a + b, 0) + Math.max(0, rows - 1) * gap;

  const prims: Primitive[] = [];
  const warnings: string[] = [];
  const panelDpi: number[] = [];
  const background = fig.background === undefined ? WHITE : fig.background;
  if (background) prims.push({ kind: 'rect', panel: -1, role: 'background', x: 0, y: 0, w: fig.widthMm, h: heightMm, fill: background });

  let rowTop = margin;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < grid[r]!.length; c++) {
      const i = grid[r]![c]!;
      const p = fig.panels[i]!;
      const x = margin + c * (cellW + gap);
      let y = rowTop;
      const letter = panelLetter(i);

      // Header: bold letter at the left, title centred (shrunk to at most 60 % size to fit).
      let letterRoom = 0;
      if (letters) {
        const size = font * 1.2;
        prims.push({ kind: 'text', panel: i, role: 'letter', x, y: y + font * 1.2, text: letter, size, anchor: 'start', bold: true, color: BLACK });
        letterRoom = textWidth(letter, size, true) + font * 0.5;
      }
      if (p.title) {
        const avail = cellW - 2 * letterRoom;
        const w = textWidth(p.title, font);
        const size = w > avail ? Math.max(font * 0.6, (font * avail) / w) : font;
        prims.push({ kind: 'text', panel: i, role: 'title', x: x + cellW / 2, y: y + font * 1.2, text: p.title, size, anchor: 'middle', bold: false, color: BLACK });
      }
      y += headerH;

      // Image, scaled to the cell width; no smoothing is applied by either writer.
      const img = p.image;
      const imgH = (cellW * img.height) / img.width;
      const dpi = img.width / (cellW / 25.4);
      panelDpi.push(dpi);
      if (dpi < fig.dpi * (1 - 1e-9)) warnings.push(`panel ${letter}: ${img.width} px across ${cellW.toFixed(1)} mm is ${Math.round(dpi)} DPI, below the requested ${fig.dpi} DPI`);
      prims.push({ kind: 'image', panel: i, x, y, w: cellW, h: imgH, image: img, effectiveDpi: dpi });

      // Scale bar (bottom right, inside the image) or the honest "scale unknown".
      const inset = Math.max(cellW * 0.03, font * 0.5);
      if (p.scaleBar) {
        const len = (p.scaleBar.lengthPx * cellW) / img.width;
        const barH = Math.max(0.4, font * 0.3);
        const x2 = x + cellW - inset;
        const barY = y + imgH - inset - barH;
        if (len > cellW - 2 * inset) warnings.push(`panel ${letter}: scale bar "${p.scaleBar.label}" is wider than the image`);
        prims.push({ kind: 'rect', panel: i, role: 'scale-bar', x: x2 - len, y: barY, w: len, h: barH, fill: barColor });
        // The label centred over the bar, but never past the image's edges (a short bar under a long label).
        const half = textWidth(p.scaleBar.label, font) / 2;
        const labelX = Math.max(x + inset + half, Math.min(x2 - len / 2, x + cellW - inset - half));
        prims.push({ kind: 'text', panel: i, role: 'scale-label', x: labelX, y: barY - font * 0.3, text: p.scaleBar.label, size: font, anchor: 'middle', bold: true, color: barColor });
      } else if (p.scaleBar === null) {
        prims.push({ kind: 'text', panel: i, role: 'scale-unknown', x: x + cellW - inset, y: y + imgH - inset, text: SCALE_UNKNOWN_TEXT, size: font * 0.9, anchor: 'end', bold: false, color: barColor });
      }
      y += imgH;

      // Colour bar under the image: 256 value-linear segments (merged where the colour repeats), frame, nice ticks, caption.
      if (p.colorBar) {
        const cb = p.colorBar;
        const gamma = cb.gamma ?? 1;
        const top = y + m.cbGap;
        const seg = cellW / 256;
        let j = 0;
        while (j < 256) {
          const idx = lutIndex(displayIntensity(cb.lo + ((j + 0.5) / 256) * (cb.hi - cb.lo), cb.lo, cb.hi, gamma));
          let k = j + 1;
          while (k < 256 && lutIndex(displayIntensity(cb.lo + ((k + 0.5) / 256) * (cb.hi - cb.lo), cb.lo, cb.hi, gamma)) === idx) k++;
          // Non-final runs overlap the next by half a segment so viewers show no hairline seams.
          const w = (k - j) * seg + (k < 256 ? seg / 2 : 0);
          prims.push({ kind: 'rect', panel: i, role: 'colorbar', x: x + j * seg, y: top, w, h: m.cbH, fill: lutColor(cb.lut, idx) });
          j = k;
        }
        const lineW = Math.max(0.1, font * 0.04);
        prims.push({ kind: 'rect', panel: i, role: 'colorbar-frame', x, y: top, w: cellW, h: m.cbH, stroke: BLACK, strokeWidth: lineW });
        const bottom = top + m.cbH;
        const maxTicks = Math.max(2, Math.min(6, Math.floor(cellW / (font * 4))));
        for (const t of niceTicks(cb.lo, cb.hi, maxTicks)) {
          const tx = cb.hi === cb.lo ? x : x + ((t.value - cb.lo) / (cb.hi - cb.lo)) * cellW;
          prims.push({ kind: 'line', panel: i, x1: tx, y1: bottom, x2: tx, y2: bottom + m.tickLen, color: BLACK, width: lineW });
          const half = textWidth(t.label, font) / 2;
          const lx = Math.min(Math.max(tx, x + half), x + cellW - half);
          prims.push({ kind: 'text', panel: i, role: 'tick', x: lx, y: bottom + m.tickLen + font * 0.85, text: t.label, size: font, anchor: 'middle', bold: false, color: BLACK });
        }
        y = bottom + m.tickLen + m.tickLabel;
        const cap = caption(cb);
        if (cap) {
          prims.push({ kind: 'text', panel: i, role: 'colorbar-caption', x: x + cellW / 2, y: y + font * 0.9, text: cap, size: font, anchor: 'middle', bold: false, color: BLACK });
          y += m.captionLine;
        }
      }

      // Legend: colour swatch + name, flowing into lines of the cell width.
      const legend = legendLines(p, cellW, font, m);
      if (legend.length) {
        const top = y + m.legendGap;
        p.legend!.forEach((e, k) => {
          const { x: ex, line } = legend[k]!;
          const base = top + line * m.legendLine + font * 0.9;
          prims.push({ kind: 'rect', panel: i, role: 'swatch', x: x + ex, y: base - m.swatch * 0.9, w: m.swatch, h: m.swatch, fill: e.color });
          prims.push({ kind: 'text', panel: i, role: 'legend', x: x + ex + m.swatch + font * 0.35, y: base, text: e.name, size: font, anchor: 'start', bold: false, color: BLACK });
        });
      }
    }
    rowTop += rowH[r]! + gap;
  }
  return { widthMm: fig.widthMm, heightMm, primitives: prims, panelDpi, warnings };
}
