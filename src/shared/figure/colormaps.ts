/** Colour-map LUTs (256 x RGB bytes) and applyColormap; perceptual maps from matplotlib's _cm_listed (see colormap-data.ts), single-hue maps are linear black → colour ramps. */
import { CIVIDIS_HEX, INFERNO_HEX, MAGMA_HEX, VIRIDIS_HEX } from './colormap-data.js';
import { checkDisplayRange, displayIntensity, lutIndex } from './display-range.js';

/** An sRGB colour, each component 0..255. */
export type Rgb = readonly [number, number, number];

/** Full-intensity additive primaries/secondaries for element channels; orange is CSS Color 4 `orange` (#ffa500). */
export const ELEMENT_COLORS = {
  red: [255, 0, 0],
  green: [0, 255, 0],
  blue: [0, 0, 255],
  cyan: [0, 255, 255],
  magenta: [255, 0, 255],
  yellow: [255, 255, 0],
  orange: [255, 165, 0],
} as const satisfies Record<string, Rgb>;

export type ElementColorName = keyof typeof ELEMENT_COLORS;
export type PerceptualColormapName = 'viridis' | 'magma' | 'inferno' | 'cividis';
export type ColormapName = PerceptualColormapName | 'grey' | ElementColorName;

export const COLORMAP_NAMES: readonly ColormapName[] = [
  'viridis', 'magma', 'inferno', 'cividis', 'grey',
  'red', 'green', 'blue', 'cyan', 'magenta', 'yellow', 'orange',
];

/** Bytes per LUT: 256 entries x RGB. */
export const LUT_BYTES = 768;

const HEX: Record<PerceptualColormapName, string> = {
  viridis: VIRIDIS_HEX, magma: MAGMA_HEX, inferno: INFERNO_HEX, cividis: CIVIDIS_HEX,
};

const cache = new Map<ColormapName, Uint8Array>();

function decodeHex(hex: string): Uint8Array {
  if (hex.length !== LUT_BYTES * 2) throw new Error(`colour table has ${hex.length / 6} entries, expected 256`);
  const lut = new Uint8Array(LUT_BYTES);
  for (let i = 0; i < LUT_BYTES; i++) lut[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return lut;
}

/** Linear ramp from black (entry 0) to `color` (entry 255): entry i = round(color * i / 255). */
export function singleHueLut(color: Rgb): Uint8Array {
  checkRgb(color);
  const lut = new Uint8Array(LUT_BYTES);
  for (let i = 0; i < 256; i++) {
    lut[3 * i] = Math.round((color[0] * i) / 255);
    lut[3 * i + 1] = Math.round((color[1] * i) / 255);
    lut[3 * i + 2] = Math.round((color[2] * i) / 255);
  }
  return lut;
}

/** A fresh copy of the named 256-entry RGB LUT (768 bytes). */
export function colormapLut(name: ColormapName): Uint8Array {
  let lut = cache.get(name);
  if (!lut) {
    if (name === 'grey') lut = singleHueLut([255, 255, 255]);
    else if (name in HEX) lut = decodeHex(HEX[name as PerceptualColormapName]);
    else if (name in ELEMENT_COLORS) lut = singleHueLut(ELEMENT_COLORS[name as ElementColorName]);
    else throw new RangeError(`unknown colour map '${String(name)}'`);
    cache.set(name, lut);
  }
  return lut.slice();
}

/** RGB of LUT entry `index` (0..255). */
export function lutColor(lut: Uint8Array, index: number): Rgb {
  return [lut[3 * index]!, lut[3 * index + 1]!, lut[3 * index + 2]!];
}

/** "#rrggbb" for an RGB colour. */
export function rgbHex(c: Rgb): string {
  checkRgb(c);
  return '#' + c.map((v) => v.toString(16).padStart(2, '0')).join('');
}

function checkRgb(c: Rgb): void {
  for (const v of c) if (!Number.isInteger(v) || v < 0 || v > 255) throw new RangeError(`RGB components must be integers 0..255, got [${c.join(', ')}]`);
}

/**
 * Maps each value through the display window [lo, hi] (brightness/contrast), display gamma and a 256-entry LUT.
 * Returns RGBA bytes (4 per value), alpha 255; NaN values become transparent black (0, 0, 0, 0).
 * LUT index = floor(t * 256) clamped to 255 where t = clamp((v - lo) / (hi - lo), 0, 1) ** gamma.
 */
export function applyColormap(values: Float32Array, lo: number, hi: number, gamma: number, lut: Uint8Array, out?: Uint8Array): Uint8Array {
  checkDisplayRange(lo, hi, gamma);
  if (lut.length !== LUT_BYTES) throw new RangeError(`LUT must have ${LUT_BYTES} bytes (256 x RGB), got ${lut.length}`);
  const n = values.length;
  const rgba = out ?? new Uint8Array(4 * n);
  if (rgba.length !== 4 * n) throw new RangeError(`output must have ${4 * n} bytes, got ${rgba.length}`);
  for (let i = 0; i < n; i++) {
    const t = displayIntensity(values[i]!, lo, hi, gamma);
    const o = 4 * i;
    if (Number.isNaN(t)) {
      rgba[o] = rgba[o + 1] = rgba[o + 2] = rgba[o + 3] = 0;
      continue;
    }
    const k = 3 * lutIndex(t);
    rgba[o] = lut[k]!;
    rgba[o + 1] = lut[k + 1]!;
    rgba[o + 2] = lut[k + 2]!;
    rgba[o + 3] = 255;
  }
  return rgba;
}
