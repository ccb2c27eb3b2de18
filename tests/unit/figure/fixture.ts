// A three-panel figure (HAADF with a scale bar | Fe map with NaNs, colour bar, unknown scale | overlay with legend) shared by the layout/SVG/PDF tests.
import {
  ELEMENT_COLORS, applyColormap, chooseScaleBar, colormapLut, compositeAdditive, overlayLegend,
  type FigureModel, type OverlayChannel,
} from '../../../src/shared/figure/index.js';

export const W = 100;
export const H = 50;

export function makeFigure(overrides: Partial<FigureModel> = {}): FigureModel {
  const haadf = new Float32Array(W * H);
  const fe = new Float32Array(W * H);
  const o = new Float32Array(W * H);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const i = y * W + x;
      haadf[i] = (x + y) % 17;
      fe[i] = x < 10 && y < 10 ? NaN : (x * 40) / W;
      o[i] = (y * 30) / H;
    }
  }
  const channels: OverlayChannel[] = [
    { name: 'Fe K', values: fe, color: ELEMENT_COLORS.red, lo: 0, hi: 40, gamma: 1, visible: true },
    { name: 'O K', values: o, color: ELEMENT_COLORS.cyan, lo: 0, hi: 30, gamma: 1, visible: true },
  ];
  return {
    widthMm: 180,
    dpi: 300,
    layout: { columns: 2 },
    title: 'Fe (K) & O <fused>',
    panels: [
      { title: 'HAADF', image: { width: W, height: H, rgba: applyColormap(haadf, 0, 16, 1, colormapLut('grey')) }, scaleBar: chooseScaleBar(W, 0.1, 'nm') },
      {
        title: 'Fe K (fused)',
        image: { width: W, height: H, rgba: applyColormap(fe, 0, 40, 1, colormapLut('viridis')) },
        scaleBar: null,
        colorBar: { lut: colormapLut('viridis'), lo: 0, hi: 40, unit: 'counts', label: 'Fe' },
      },
      { title: 'Overlay <Fe & O>', image: { width: W, height: H, rgba: compositeAdditive(channels, W * H) }, scaleBar: chooseScaleBar(W, 0.1, 'nm'), legend: overlayLegend(channels) },
    ],
    ...overrides,
  };
}

/** The layout constants the tests recompute independently (mm). */
export const FONT = (8 * 25.4) / 72;
export const CELL_W = (180 - 2 * 2 - 3) / 2; // 86.5
export const HEADER = 1.6 * FONT;
export const IMG_H = (CELL_W * H) / W; // 43.25
