/** Additive RGB chemical overlay of element maps (napari "additive" blending / Velox mixed-colour overlay) and its legend model. */
import { type Rgb, rgbHex } from './colormaps.js';
import { checkDisplayRange, displayIntensity } from './display-range.js';

export interface OverlayChannel {
  /** Element or signal name shown in the legend, e.g. "Fe K". */
  readonly name: string;
  /** One value per pixel, row-major. */
  readonly values: Float32Array;
  readonly color: Rgb;
  readonly lo: number;
  readonly hi: number;
  readonly gamma: number;
  readonly visible: boolean;
}

export interface LegendEntry {
  readonly name: string;
  readonly color: Rgb;
}

/**
 * Sums visible channels additively: pixel = min(255, round(Σ t_c * color_c)) per RGB component,
 * t_c = clamp((v - lo) / (hi - lo), 0, 1) ** gamma; NaN contributes nothing. Alpha is 255; black where nothing is visible.
 */
export function compositeAdditive(channels: readonly OverlayChannel[], pixelCount: number, out?: Uint8Array): Uint8Array {
  if (!Number.isInteger(pixelCount) || pixelCount < 0) throw new RangeError(`pixelCount must be a non-negative integer, got ${pixelCount}`);
  const acc = new Float64Array(3 * pixelCount);
  for (const ch of channels) {
    if (ch.values.length !== pixelCount) throw new RangeError(`channel '${ch.name}' has ${ch.values.length} values, expected ${pixelCount}`);
    checkDisplayRange(ch.lo, ch.hi, ch.gamma);
    if (!ch.visible) continue;
    const [r, g, b] = ch.color;
    for (let i = 0; i < pixelCount; i++) {
      const t = displayIntensity(ch.values[i]!, ch.lo, ch.hi, ch.gamma);
      if (!(t > 0)) continue; // 0 or NaN
      acc[3 * i] = acc[3 * i]! + t * r;
      acc[3 * i + 1] = acc[3 * i + 1]! + t * g;
      acc[3 * i + 2] = acc[3 * i + 2]! + t * b;
    }
  }
  const rgba = out ?? new Uint8Array(4 * pixelCount);
  if (rgba.length !== 4 * pixelCount) throw new RangeError(`output must have ${4 * pixelCount} bytes, got ${rgba.length}`);
  for (let i = 0; i < pixelCount; i++) {
    rgba[4 * i] = Math.min(255, Math.round(acc[3 * i]!));
    rgba[4 * i + 1] = Math.min(255, Math.round(acc[3 * i + 1]!));
    rgba[4 * i + 2] = Math.min(255, Math.round(acc[3 * i + 2]!));
    rgba[4 * i + 3] = 255;
  }
  return rgba;
}

/** Legend entries (name + colour) for the visible channels, in channel order. */
export function overlayLegend(channels: readonly Pick<OverlayChannel, 'name' | 'color' | 'visible'>[]): LegendEntry[] {
  return channels.filter((c) => c.visible).map((c) => {
    rgbHex(c.color); // validates the colour
    return { name: c.name, color: [c.color[0], c.color[1], c.color[2]] as const };
  });
}
