// export.figure / export.data: files written into the project's exports/ folder. A client names a file, never a
// path; the one other place is a folder the user picks in the desktop app's own dialog (`destination: 'chosen-folder'`,
// opened by the main process, never a path the client sends). An existing file is replaced only with `overwrite`.

import { z } from '../z.js';
import { ElementSymbol, FileName, FilePath, Id } from './common.js';

/** Where an export goes: the project's exports/ folder (default), or a folder the user picks in the desktop app's dialog. */
export const ExportDestination = z.enum(['exports', 'chosen-folder']);

/** An element's display settings as the screen has them (shared/figure/element-display.ts). */
export const ElementDisplaySettings = z.strictObject({
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour #rrggbb'),
  visible: z.boolean(),
  brightness: z.number().min(-1).max(1),
  contrast: z.number().min(0.1).max(10),
  gamma: z.number().min(0.1).max(5),
});

export const ExportFigureParams = z.strictObject({
  resultId: Id,
  /** Elements drawn (default all), overlaid in this order. */
  elements: z.array(ElementSymbol).max(64).optional(),
  format: z.enum(['png', 'svg', 'pdf', 'tiff']),
  /**
   * paper (default): HAADF, raw and fused overlays, raw and fused maps; panels: the fused maps and the fused overlay;
   * overlay: the fused overlay alone (a PNG of it is the image at the result's pixels).
   */
  layout: z.enum(['paper', 'panels', 'overlay']).optional(),
  colormap: z.string().max(64).optional(),
  scaleBar: z.boolean().optional(),
  /** The screen's display settings per element (default: the default palette, all shown, the automatic window). */
  display: z.record(ElementSymbol, ElementDisplaySettings).optional(),
  /** A pixel size set in the app (Display), used instead of the result's own. */
  pixelSize: z.strictObject({ value: z.number().positive().max(1e12), unit: z.string().min(1).max(16) }).optional(),
  /** Figure width in mm (default 180) and PNG resolution (default 300 dpi). */
  widthMm: z.number().min(20).max(400).optional(),
  dpi: z.number().int().min(72).max(1200).optional(),
  /** The file's name in exports/ (default: result, layout and time); its extension must match the format. */
  name: FileName.optional(),
  destination: ExportDestination.optional(),
  /** Replace a file of that name (the choice is recorded beside it); otherwise an existing name is a conflict. */
  overwrite: z.boolean().optional(),
});
export const ExportFigureResult = z.object({ file: FilePath });

export const ExportDataParams = z.strictObject({
  resultId: Id,
  elements: z.array(ElementSymbol).max(64).optional(),
  format: z.enum(['tiff', 'npy', 'csv']),
  /** Include the standard-error maps where there are some. */
  stderr: z.boolean().optional(),
  /** The files' name stem (default: the result id): <stem>-fused_<El>.<ext>. */
  name: FileName.optional(),
  destination: ExportDestination.optional(),
  /** Replace files of those names (recorded beside them); otherwise an existing name is a conflict. */
  overwrite: z.boolean().optional(),
});
export const ExportDataResult = z.object({ files: z.array(FilePath) });
