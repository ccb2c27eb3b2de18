// Display settings of an element and the window they give: defined once in shared/figure/element-display.ts, so the
// screen and the exported figures (the backend's included) draw a map with the same window and colour.

export {
  defaultDisplay, displayRgb as hexToRgb, displayWindow, type ElementDisplay,
} from '../../../shared/figure/element-display.js';
export { DEFAULT_PALETTE, PALETTE_NAMES, PALETTES, type PaletteName } from '../../../shared/figure/palettes.js';
import { DEFAULT_PALETTE, PALETTES } from '../../../shared/figure/palettes.js';
/** The default palette's colours. */
export const PALETTE = PALETTES[DEFAULT_PALETTE];
