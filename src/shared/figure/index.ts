/** Figure export primitives (issue 5, "Export for papers"): colour maps, additive overlays, scale bars, PNG, SVG and PDF figures; pure functions, no DOM or Node APIs. */
export { CIVIDIS_HEX, INFERNO_HEX, MAGMA_HEX, VIRIDIS_HEX } from './colormap-data.js';
export {
  COLORMAP_NAMES, ELEMENT_COLORS, LUT_BYTES, applyColormap, colormapLut, lutColor, rgbHex, singleHueLut,
  type ColormapName, type ElementColorName, type PerceptualColormapName, type Rgb,
} from './colormaps.js';
export { AUTO_RANGE_SAMPLES, autoRange, checkDisplayRange, displayIntensity, lutIndex } from './display-range.js';
export { compositeAdditive, overlayLegend, type LegendEntry, type OverlayChannel } from './overlay.js';
export { chooseScaleBar, metresPerUnit, type LengthUnit, type ScaleBar, type ScaleBarOptions } from './scale-bar.js';
export { formatTick, niceTicks, type Tick } from './ticks.js';
export { crc32 } from './crc32.js';
export { adler32, deflateRaw, zlibCompress, type DeflateOptions } from './deflate.js';
export { filterScanlines, type PngFilterStrategy } from './png-filter.js';
export { PNG_SIGNATURE, dpiToPixelsPerMetre, encodePng, type PngOptions } from './png.js';
export { base64Encode } from './base64.js';
export { toWinAnsi } from './win-ansi.js';
export { textWidth, winAnsiTextWidth } from './font-metrics.js';
export { formatNumber } from './number-format.js';
export { escapeXml } from './xml-escape.js';
export type { ColorBarSpec, FigureGrid, FigureImage, FigureModel, FigurePanel } from './figure-model.js';
export {
  MM_PER_PT, SCALE_UNKNOWN_TEXT, layoutFigure, panelLetter,
  type FigureLayout, type Primitive, type RectRole, type TextAnchor, type TextRole,
} from './figure-layout.js';
export { SVG_FONT_FAMILY, renderFigureSvg } from './svg-figure.js';
export { PT_PER_MM, pdfString, renderFigurePdf, type PdfOptions } from './pdf-figure.js';
export { defaultDisplay, displayRgb, displayWindow, type ElementDisplay } from './element-display.js';
export {
  FIGURE_CONTENTS, viewFigureColumns, viewFigureModel, viewFigurePanels,
  type FigureContent, type FigureMaps, type ViewFigureInputs, type ViewFigureOptions,
} from './view-figure.js';
export { figurePngBytes, rasterSize, rasterizeFigure, type RasterFigure } from './raster-figure.js';
export { glyphOf, hasGlyph, type Glyph } from './stroke-font.js';
