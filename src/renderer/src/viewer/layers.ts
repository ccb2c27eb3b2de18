/**
 * Image layers shown by ImageView and their conversion to RGBA bytes, through figure/'s colour maps
 * (`applyColormap`) and additive overlay (`compositeAdditive`): what the viewer shows is what an export draws.
 * Pure functions, no DOM.
 */
import {
  ELEMENT_COLORS, applyColormap, checkDisplayRange, colormapLut, displayIntensity, singleHueLut,
  type ColormapName, type Rgb,
} from '../../../shared/figure/index.js';

/** The automatic display window (shared/figure/display-range.ts), the same one exported figures use. */
export { AUTO_RANGE_SAMPLES, autoRange } from '../../../shared/figure/index.js';

export type Layer = {
  /** Element or signal name, e.g. "Co", "HAADF"; shown in the legend and the cursor readout. */
  name: string;
  /** width × height values, row-major (row 0 at the top). NaN = no data (drawn transparent). */
  data: Float32Array;
  width: number;
  height: number;
  visible: boolean;
  /** Display window: lo → black / first LUT entry, hi → full colour / last entry. */
  lo: number;
  hi: number;
  /** Display gamma: t = clamp((v − lo)/(hi − lo), 0, 1) ** gamma. */
  gamma: number;
  /** Overlay channel colour, 0..255 each (default: ELEMENT_COLORS in order red, green, blue, cyan, magenta, yellow, orange). */
  color?: [number, number, number];
  /** Colour map in single mode: a figure/ ColormapName (viridis, magma, inferno, cividis, grey, red, …). Default: `color` as a black→colour ramp, else grey. */
  colormap?: string;
};

export type ViewMode = 'single' | 'overlay';

/** Default overlay colours, in order. */
export const OVERLAY_PALETTE: readonly Rgb[] = [
  ELEMENT_COLORS.red, ELEMENT_COLORS.green, ELEMENT_COLORS.blue, ELEMENT_COLORS.cyan,
  ELEMENT_COLORS.magenta, ELEMENT_COLORS.yellow, ELEMENT_COLORS.orange,
];

/** The colour of layer `index` in an overlay: its own `color`, else the palette's. */
export function overlayColor(layer: Pick<Layer, 'color'>, index: number): Rgb {
  return layer.color ?? OVERLAY_PALETTE[index % OVERLAY_PALETTE.length]!;
}

/** The 768-byte LUT a layer is drawn with in single mode. Throws RangeError for an unknown colour-map name. */
export function layerLut(layer: Pick<Layer, 'colormap' | 'color'>): Uint8Array {
  if (layer.colormap !== undefined) return colormapLut(layer.colormap as ColormapName);
  if (layer.color !== undefined) return singleHueLut(layer.color);
  return colormapLut('grey');
}

/** The layer single mode shows: the first visible one, or null. */
export function singleLayer<L extends Pick<Layer, 'visible'>>(layers: readonly L[]): L | null {
  return layers.find((l) => l.visible) ?? null;
}

function checkLayer(l: Layer, width: number, height: number): void {
  if (!Number.isInteger(l.width) || !Number.isInteger(l.height) || l.width <= 0 || l.height <= 0) {
    throw new RangeError(`layer '${l.name}' has size ${l.width} × ${l.height}`);
  }
  if (l.data.length !== l.width * l.height) {
    throw new RangeError(`layer '${l.name}' has ${l.data.length} values, expected ${l.width} × ${l.height}`);
  }
  if (l.width !== width || l.height !== height) {
    throw new RangeError(`layer '${l.name}' is ${l.width} × ${l.height}, the others ${width} × ${height}`);
  }
}

/** Width and height shared by the layers (the first one's), or null when there are none. */
export function layersSize(layers: readonly Pick<Layer, 'width' | 'height'>[]): { width: number; height: number } | null {
  const first = layers[0];
  return first ? { width: first.width, height: first.height } : null;
}

/**
 * RGBA bytes (4 per pixel, row-major, straight alpha) of what a view shows. All layers must share one size.
 * - 'single': the first visible layer through its LUT (layerLut) and display window; no visible layer → all transparent.
 * - 'overlay': visible layers summed additively in their colours (byte for byte figure/'s compositeAdditive); hidden
 *   ones contribute nothing; no visible layer → opaque black.
 * NaN → transparent: in single mode where the value is NaN, in overlay mode where every visible layer is NaN.
 * `out` (4 × width × height bytes) is reused when given. No layers → an empty array.
 */
export function layersToRgba(layers: readonly Layer[], mode: ViewMode, out?: Uint8Array): Uint8Array {
  const size = checkLayers(layers);
  if (!size) return out ?? new Uint8Array(0);
  const n = size.width * size.height;
  if (out && out.length !== 4 * n) throw new RangeError(`output must have ${4 * n} bytes, got ${out.length}`);
  const rgba = out ?? new Uint8Array(4 * n);
  layersToRgbaRows(layers, mode, rgba, 0, size.height);
  return rgba;
}

/** Validates the layers for layersToRgba (sizes, display ranges, colour maps); returns their size, or null when there are none. */
export function checkLayers(layers: readonly Layer[]): { width: number; height: number } | null {
  const size = layersSize(layers);
  if (!size) return null;
  for (const l of layers) {
    checkLayer(l, size.width, size.height);
    checkDisplayRange(l.lo, l.hi, l.gamma);
  }
  const shown = singleLayer(layers);
  if (shown) layerLut(shown); // throws on an unknown colour map
  return size;
}

/**
 * Rows [row0, row1) of layersToRgba into `rgba` (the whole image's buffer), for converting a large image a slice
 * at a time; the layers must have passed checkLayers. Converting all rows in any slicing gives layersToRgba's bytes.
 */
export function layersToRgbaRows(layers: readonly Layer[], mode: ViewMode, rgba: Uint8Array, row0: number, row1: number): void {
  const first = layers[0];
  if (!first || row1 <= row0) return;
  const w = first.width;
  const i0 = row0 * w;
  const i1 = row1 * w;
  if (mode === 'single') {
    const layer = singleLayer(layers);
    if (!layer) rgba.fill(0, 4 * i0, 4 * i1);
    else applyColormap(layer.data.subarray(i0, i1), layer.lo, layer.hi, layer.gamma, layerLut(layer), rgba.subarray(4 * i0, 4 * i1));
    return;
  }
  overlayInto(layers, i0, i1, rgba);
}

/** Reused between calls (grown, never shrunk): the per-pixel RGB sums and "some visible layer is not NaN". */
let scratch = new Float64Array(0);
let seen = new Uint8Array(0);

function overlayInto(layers: readonly Layer[], i0: number, i1: number, rgba: Uint8Array): void {
  const vis = layers
    .map((l, i) => ({ l, c: overlayColor(l, i) }))
    .filter(({ l }) => l.visible);
  if (vis.length === 0) {
    for (let i = i0; i < i1; i++) {
      rgba[4 * i] = rgba[4 * i + 1] = rgba[4 * i + 2] = 0;
      rgba[4 * i + 3] = 255;
    }
    return;
  }
  const n = i1 - i0;
  // Layer-major passes into a reused accumulator (monomorphic inner loops), then one pass to bytes. Per pixel the
  // sum is still 0 + t₁c₁ + t₂c₂ + … in channel order, as compositeAdditive's.
  if (scratch.length < 3 * n) scratch = new Float64Array(3 * n);
  if (seen.length < n) seen = new Uint8Array(n);
  const acc = scratch;
  acc.fill(0, 0, 3 * n);
  seen.fill(0, 0, n);
  for (const { l, c } of vis) {
    const d = l.data;
    const { lo, hi, gamma } = l;
    const [cr, cg, cb] = c;
    for (let i = 0; i < n; i++) {
      const v = d[i0 + i]!;
      if (v !== v) continue; // NaN
      seen[i] = 1;
      const t = displayIntensity(v, lo, hi, gamma);
      if (!(t > 0)) continue;
      const j = 3 * i;
      acc[j] = acc[j]! + t * cr;
      acc[j + 1] = acc[j + 1]! + t * cg;
      acc[j + 2] = acc[j + 2]! + t * cb;
    }
  }
  for (let i = 0; i < n; i++) {
    const o = 4 * (i0 + i);
    if (seen[i] === 0) {
      rgba[o] = rgba[o + 1] = rgba[o + 2] = rgba[o + 3] = 0;
      continue;
    }
    const j = 3 * i;
    rgba[o] = Math.min(255, Math.round(acc[j]!));
    rgba[o + 1] = Math.min(255, Math.round(acc[j + 1]!));
    rgba[o + 2] = Math.min(255, Math.round(acc[j + 2]!));
    rgba[o + 3] = 255;
  }
}

/** The values under pixel (col, row): every visible layer in overlay mode, the shown one in single mode. */
export function pixelValues(layers: readonly Layer[], mode: ViewMode, col: number, row: number): { name: string; value: number }[] {
  const shown = mode === 'single' ? [singleLayer(layers)].filter((l): l is Layer => l !== null) : layers.filter((l) => l.visible);
  return shown
    .filter((l) => col >= 0 && row >= 0 && col < l.width && row < l.height)
    .map((l) => ({ name: l.name, value: l.data[row * l.width + col]! }));
}
