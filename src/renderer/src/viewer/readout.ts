/** Text of the cursor readout, scale bar and colour bar of an ImageView. Pure functions, no DOM. */
import {
  chooseScaleBar, colormapLut, displayIntensity, lutColor, lutIndex, niceTicks, rgbHex, SCALE_UNKNOWN_TEXT,
  type Tick,
} from '../../../shared/figure/index.js';

/** Unit and its power of ten of metres. */
const LENGTH_UNITS: readonly (readonly [string, number])[] = [
  ['m', 0], ['mm', -3], ['\u00B5m', -6], ['nm', -9], ['pm', -12],
];

/**
 * The unit for positions in an image `extentMetres` wide: the largest of m, mm, µm, nm, pm in which the extent
 * is ≥ 1 (so 12.8 nm → nm, 1.5 µm → µm, 0.8 nm → pm); `decimals` resolve one pixel (`pixelMetres`), 1..4.
 */
export function positionUnit(extentMetres: number, pixelMetres: number): { unit: string; perMetre: number; decimals: number } {
  const [unit, e] = LENGTH_UNITS.find(([, u]) => extentMetres * 10 ** -u >= 1 - 1e-9) ?? LENGTH_UNITS[LENGTH_UNITS.length - 1]!;
  const perMetre = 10 ** -e;
  const decimals = Math.min(4, Math.max(1, Math.ceil(-Math.log10(pixelMetres * perMetre) - 1e-6)));
  return { unit, perMetre, decimals };
}

/** A pixel value with about 3 significant digits: "3.21", "32.1", "321", "3210", "1.23e+6", "NaN". Integers below 10⁶ as they are. */
export function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  const a = Math.abs(v);
  if (a === 0) return '0';
  if (a >= 1e6 || a < 1e-3) return v.toExponential(2);
  if (Number.isInteger(v)) return String(v);
  return v.toFixed(Math.max(0, 2 - Math.floor(Math.log10(a))));
}

export interface ReadoutInput {
  /** Image coordinates of the pointer. */
  x: number;
  y: number;
  values: readonly { name: string; value: number }[];
  /** Metres per pixel, or null when unknown (positions then in px). */
  pixelSize: number | null | undefined;
  /** Image width × height in pixels (chooses the length unit). */
  width: number;
  height: number;
  /** Unit of the values (single mode appends it to the value). */
  unit?: string | null;
}

/** "x 12.3 nm, y 4.5 nm · Co 3.2 · O 1.1"; uncalibrated "x 123 px, y 45 px · HAADF 812". */
export function formatReadout(r: ReadoutInput): string {
  let pos: string;
  if (r.pixelSize != null && Number.isFinite(r.pixelSize) && r.pixelSize > 0) {
    const { unit, perMetre, decimals } = positionUnit(Math.max(r.width, r.height) * r.pixelSize, r.pixelSize);
    const f = (p: number): string => (p * r.pixelSize! * perMetre).toFixed(decimals);
    pos = `x ${f(r.x)} ${unit}, y ${f(r.y)} ${unit}`;
  } else {
    pos = `x ${Math.floor(r.x)} px, y ${Math.floor(r.y)} px`;
  }
  const unitSuffix = r.values.length === 1 && r.unit ? ` ${r.unit}` : '';
  const vals = r.values.map((v) => `${v.name} ${formatValue(v.value)}${unitSuffix}`);
  return [pos, ...vals].join(' · ');
}

export interface ViewScaleBar {
  /** Bar length in screen px. */
  readonly screenLength: number;
  readonly label: string;
}

/**
 * The scale bar for a view `viewW` screen px wide at `zoom` screen px per image px: a 1/2/5 × 10^k length about
 * 20 % (15–25 %) of the view width (figure/'s chooseScaleBar over the visible width), so it follows the zoom.
 * null when the pixel size (metres) is unknown: the view says SCALE_UNKNOWN_TEXT.
 */
export function viewScaleBar(viewW: number, zoom: number, pixelSize: number | null | undefined): ViewScaleBar | null {
  if (!(viewW > 0) || !(zoom > 0)) return null;
  const bar = chooseScaleBar(viewW / zoom, pixelSize, 'm');
  return bar ? { screenLength: bar.lengthPx * zoom, label: bar.label } : null;
}

export { SCALE_UNKNOWN_TEXT };

/**
 * CSS gradient (bottom = lo, top = hi) of a colour bar for `lut` under display gamma: the colour at height s is
 * the LUT entry the image uses for value lo + s (hi − lo).
 */
export function colorBarGradient(lut: Uint8Array, gamma: number, stops = 64, direction = 'to top'): string {
  const parts: string[] = [];
  for (let i = 0; i < stops; i++) {
    const s = i / (stops - 1);
    parts.push(`${rgbHex(lutColor(lut, lutIndex(displayIntensity(s, 0, 1, gamma))))} ${(s * 100).toFixed(2)}%`);
  }
  return `linear-gradient(${direction}, ${parts.join(', ')})`;
}

/** Colour-bar ticks with their position as a fraction of the bar from the lo end (0) to the hi end (1). */
export function colorBarTicks(lo: number, hi: number, maxTicks = 5): (Tick & { readonly fraction: number })[] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || lo === hi) return [];
  return niceTicks(lo, hi, maxTicks).map((t) => ({ ...t, fraction: (t.value - lo) / (hi - lo) }));
}

/** The LUT a colour map name stands for (re-exported for ColorBar). */
export { colormapLut };
