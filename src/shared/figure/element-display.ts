// Display settings of an element (colour, visibility, brightness, contrast, gamma) and the window they give: one
// definition for the screen (renderer/tools/display.ts) and the exported figures (paper-figure.ts).

import { DEFAULT_PALETTE, PALETTES, type PaletteName } from './palettes.js';

export interface ElementDisplay {
  /** Overlay colour, "#rrggbb". */
  color: string;
  visible: boolean;
  /** Shifts the window down (brighter) by this fraction of its width, −1 … 1. */
  brightness: number;
  /** Narrows the window by this factor about its centre, 0.1 … 10. */
  contrast: number;
  /** Display gamma, 0.1 … 5. */
  gamma: number;
}

/** Element `index`'s settings before the user changes any: the palette's colour, shown, the automatic window. */
export function defaultDisplay(index: number, palette: PaletteName = DEFAULT_PALETTE): ElementDisplay {
  const colors = PALETTES[palette] ?? PALETTES[DEFAULT_PALETTE];
  return { color: colors[index % colors.length]!, visible: true, brightness: 0, contrast: 1, gamma: 1 };
}

/** The display window [lo, hi] from an automatic one and the user's brightness and contrast. */
export function displayWindow(auto: { lo: number; hi: number }, d: Pick<ElementDisplay, 'brightness' | 'contrast'>): { lo: number; hi: number } {
  const width = auto.hi - auto.lo;
  const c = Math.min(10, Math.max(0.1, d.contrast || 1));
  const centre = (auto.lo + auto.hi) / 2 - d.brightness * width;
  const half = width / 2 / c;
  return { lo: centre - half, hi: centre + half };
}

/** "#rrggbb" → [r, g, b]; anything else → white. */
export function displayRgb(hex: string): [number, number, number] {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex.trim());
  return m ? [parseInt(m[1]!, 16), parseInt(m[2]!, 16), parseInt(m[3]!, 16)] : [255, 255, 255];
}
