/** The export-figure model shared by the SVG and PDF writers: a grid of panels, each an RGBA image with optional scale bar, colour bar and legend. */
import type { Rgb } from './colormaps.js';
import type { LegendEntry } from './overlay.js';
import type { ScaleBar } from './scale-bar.js';

export interface FigureImage {
  readonly width: number;
  readonly height: number;
  /** width * height * 4 bytes, row-major, straight alpha. */
  readonly rgba: Uint8Array;
}

export interface ColorBarSpec {
  /** 256-entry RGB LUT (768 bytes), as from colormapLut. */
  readonly lut: Uint8Array;
  readonly lo: number;
  readonly hi: number;
  /** Display gamma used for the image (default 1): the bar shows the same value → colour mapping. */
  readonly gamma?: number;
  /** e.g. "counts", "at.%". */
  readonly unit?: string;
  /** e.g. "Fe"; the caption reads "label (unit)". */
  readonly label?: string;
}

export interface FigurePanel {
  readonly title?: string;
  readonly image: FigureImage;
  /** From chooseScaleBar. null = pixel size unknown: the panel says "scale unknown". undefined = no scale annotation. */
  readonly scaleBar?: Pick<ScaleBar, 'lengthPx' | 'label'> | null;
  readonly colorBar?: ColorBarSpec;
  readonly legend?: readonly LegendEntry[];
}

export interface FigureGrid {
  /** Panels per row; panels fill rows left to right. */
  readonly columns: number;
  /** Panel indices that begin a new row even when the row before has room (e.g. raw maps on one row, fused on the next). */
  readonly rowStarts?: readonly number[];
  /** Space between panels (default 3 mm). */
  readonly gapMm?: number;
  /** Page margin (default 2 mm). */
  readonly marginMm?: number;
}

export interface FigureModel {
  readonly panels: readonly FigurePanel[];
  readonly layout: FigureGrid;
  /** Figure width, e.g. 85 (single column) or 180 (double column). */
  readonly widthMm: number;
  /** Requested print resolution; embedded PNGs carry each image's effective DPI and panels below this get a warning. */
  readonly dpi: number;
  /** Body text size (default 8 pt). */
  readonly fontSizePt?: number;
  /** Bold panel letters a, b, c… (default true). */
  readonly panelLetters?: boolean;
  /** Scale bar and its label (default white). */
  readonly scaleBarColor?: Rgb;
  /** Page background (default white); null leaves the SVG transparent. */
  readonly background?: Rgb | null;
  /** Document title (SVG <title>, PDF /Title). */
  readonly title?: string;
}
