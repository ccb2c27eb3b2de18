// Overlay palettes, one definition for the screen (renderer/tools/display.ts) and exported figures (main/services/app/exports.ts).

/** Overlay palettes. The default avoids red against green (the pair most colour-vision deficiencies confuse): magenta, green, cyan first. */
export const PALETTES = {
  'colour-blind safe': ['#ff00ff', '#00ff00', '#00ffff', '#ffff00', '#ff8000', '#4080ff', '#ffffff'],
  'classic RGB': ['#ff0000', '#00ff00', '#0000ff', '#00ffff', '#ff00ff', '#ffff00', '#ffa500'],
} as const;
export type PaletteName = keyof typeof PALETTES;
export const PALETTE_NAMES = Object.keys(PALETTES) as PaletteName[];
export const DEFAULT_PALETTE: PaletteName = 'colour-blind safe';

/** "#rrggbb" as [r, g, b], 0..255 each. */
export function hexToRgb(hex: string): [number, number, number] {
  const v = parseInt(hex.slice(1), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}
