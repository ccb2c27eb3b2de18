/**
 * The figures of a dataset and its result, as the app shows them: one builder for the renderer's current-view export
 * and the backend's export.figure, so both draw the same panels with the user's display settings (colour, shown or
 * hidden, brightness/contrast → window, gamma; colour map; pixel size).
 *
 * - 'paper': HAADF, raw overlay, fused overlay; then every shown element's raw map (a row); then its fused map (a row).
 * - 'overview': HAADF and the overlays. 'maps': the raw and fused maps. 'overlay': the fused overlay (raw without a result).
 * - 'fused': the fused maps and the fused overlay (what the backend's 'panels' layout drew).
 * Hidden elements are left out of the overlays (as on screen) and of the map panels.
 */
import { applyColormap, colormapLut, COLORMAP_NAMES, type ColormapName } from './colormaps.js';
import { autoRange } from './display-range.js';
import { displayRgb, displayWindow, type ElementDisplay } from './element-display.js';
import type { FigureModel, FigurePanel } from './figure-model.js';
import { compositeAdditive, overlayLegend, type OverlayChannel } from './overlay.js';
import { chooseScaleBar } from './scale-bar.js';

export type FigureContent = 'paper' | 'overview' | 'maps' | 'overlay' | 'fused';
export const FIGURE_CONTENTS: readonly FigureContent[] = ['paper', 'overview', 'maps', 'overlay', 'fused'];

export interface FigureMaps {
  readonly elements: readonly string[];
  readonly maps: readonly Float32Array[];
}

export interface ViewFigureInputs {
  readonly width: number;
  readonly height: number;
  /** The HAADF image, when there is one (a result whose inputs were not kept has none). */
  readonly haadf: Float32Array | null;
  readonly raw: FigureMaps | null;
  readonly fused: FigureMaps | null;
  /** Display settings of an element (its index among the dataset's elements, for the default colour). */
  readonly display: (element: string, index: number) => ElementDisplay;
  /** Colour map of the single-map panels. */
  readonly colormap: string;
  /** Colour-bar unit of the fused maps, e.g. "counts". */
  readonly fusedUnit: string;
  /** Colour-bar unit of the raw maps (default "as recorded"). */
  readonly rawUnit?: string;
  /** Calibration, or null: the panels say "scale unknown". */
  readonly pixelSize: { readonly value: number; readonly unit: string } | null;
  /** The automatic display window of a map (default autoRange; the renderer passes its cached one). */
  readonly range?: (data: Float32Array) => { lo: number; hi: number };
}

export interface ViewFigureOptions {
  readonly widthMm: number;
  readonly dpi: number;
  /** Panels per row (default: 3, or one per element when there are more). */
  readonly columns?: number;
  readonly title?: string;
}

function checkColormap(name: string): ColormapName {
  if (!(COLORMAP_NAMES as readonly string[]).includes(name)) throw new RangeError(`unknown colour map ${name} (${COLORMAP_NAMES.join(', ')})`);
  return name as ColormapName;
}

/** The panels of `content`; throws RangeError for a bad colour map or map size. */
export function viewFigurePanels(inputs: ViewFigureInputs, content: FigureContent): FigurePanel[] {
  return viewFigureRows(inputs, content).flat();
}

/** The panels of `content` in the rows the figure starts afresh: overview, raw maps, fused maps. */
function viewFigureRows(inputs: ViewFigureInputs, content: FigureContent): FigurePanel[][] {
  const { width, height } = inputs;
  const n = width * height;
  const range = inputs.range ?? autoRange;
  const lut = colormapLut(checkColormap(inputs.colormap));
  const order = inputs.raw?.elements ?? inputs.fused?.elements ?? [];
  const displayOf = (el: string) => inputs.display(el, Math.max(0, order.indexOf(el)));
  const bar = inputs.pixelSize ? chooseScaleBar(width, inputs.pixelSize.value, inputs.pixelSize.unit) : null;
  const scaleBar = bar ? { lengthPx: bar.lengthPx, label: bar.label } : null;
  const checkSize = (data: Float32Array, what: string) => {
    if (data.length !== n) throw new RangeError(`${what} has ${data.length} values, expected ${width} × ${height}`);
  };

  const overlay = (title: string, m: FigureMaps): FigurePanel => {
    const channels: OverlayChannel[] = m.elements.map((el, i) => {
      const values = m.maps[i]!;
      checkSize(values, `the ${el} map`);
      const d = displayOf(el);
      return { name: el, values, color: displayRgb(d.color), visible: d.visible, gamma: d.gamma, ...displayWindow(range(values), d) };
    });
    return { title, image: { width, height, rgba: compositeAdditive(channels, n) }, scaleBar, legend: overlayLegend(channels) };
  };
  const maps = (m: FigureMaps, tag: string, unit: string): FigurePanel[] => m.elements.flatMap((el, i) => {
    const d = displayOf(el);
    if (!d.visible) return [];
    const values = m.maps[i]!;
    checkSize(values, `the ${el} map`);
    const { lo, hi } = displayWindow(range(values), d);
    return [{
      title: `${el} ${tag}`, image: { width, height, rgba: applyColormap(values, lo, hi, d.gamma, lut) }, scaleBar,
      colorBar: { lut, lo, hi, gamma: d.gamma, label: el, unit },
    }];
  });
  const haadf = (): FigurePanel[] => {
    if (!inputs.haadf) return [];
    checkSize(inputs.haadf, 'the HAADF image');
    const { lo, hi } = range(inputs.haadf);
    return [{ title: 'HAADF', image: { width, height, rgba: applyColormap(inputs.haadf, lo, hi, 1, colormapLut('grey')) }, scaleBar }];
  };

  const rawOverlay = inputs.raw ? [overlay('Raw', inputs.raw)] : [];
  const fusedOverlay = inputs.fused ? [overlay('Fused', inputs.fused)] : [];
  const rawMaps = inputs.raw ? maps(inputs.raw, 'raw', inputs.rawUnit ?? 'as recorded') : [];
  const fusedMaps = inputs.fused ? maps(inputs.fused, 'fused', inputs.fusedUnit) : [];
  switch (content) {
    case 'overlay': return [fusedOverlay.length ? fusedOverlay : rawOverlay];
    case 'overview': return [[...haadf(), ...rawOverlay, ...fusedOverlay]];
    case 'maps': return [rawMaps, fusedMaps];
    case 'fused': return [[...fusedMaps, ...fusedOverlay]];
    case 'paper': return [[...haadf(), ...rawOverlay, ...fusedOverlay], rawMaps, fusedMaps];
  }
}

/** Panels per row for `content`: one for the overlay, three for the overview, else 3 or one per element. */
export function viewFigureColumns(inputs: Pick<ViewFigureInputs, 'raw' | 'fused'>, content: FigureContent): number {
  if (content === 'overlay') return 1;
  if (content === 'overview') return 3;
  return Math.max(3, inputs.raw?.elements.length ?? inputs.fused?.elements.length ?? 3);
}

/** The figure model of `content`: its panels in a grid `options.widthMm` wide at `options.dpi`. */
export function viewFigureModel(inputs: ViewFigureInputs, content: FigureContent, options: ViewFigureOptions): FigureModel {
  const rows = viewFigureRows(inputs, content).filter((r) => r.length > 0);
  const panels = rows.flat();
  if (panels.length === 0) throw new RangeError('nothing to draw: every element is hidden');
  const columns = options.columns ?? viewFigureColumns(inputs, content);
  const rowStarts = rows.slice(1).map((_, k) => rows.slice(0, k + 1).reduce((sum, r) => sum + r.length, 0));
  return {
    panels, layout: { columns: Math.max(1, Math.min(columns, panels.length)), rowStarts }, widthMm: options.widthMm, dpi: options.dpi,
    ...(options.title !== undefined ? { title: options.title } : {}),
  };
}
