// export.figure / export.data: files written into the project's exports/ folder. A client names a file, never a
// path; the one other place is a folder the user picks in the desktop app's own dialog (`destination: 'chosen-folder'`,
// opened by the main process, never a path the client sends). An existing file is replaced only with `overwrite`.

import { z } from '../z.js';
import { ElementSymbol, FileName, FilePath, Id } from './common.js';

/** Where an export goes: the project's exports/ folder (default), or a folder the user picks in the desktop app's dialog. */
export const ExportDestination = z.enum(['exports', 'chosen-folder']);

export const ExportFigureParams = z.strictObject({
  resultId: Id,
  /** Elements drawn (default all), overlaid in this order. */
  elements: z.array(ElementSymbol).max(64).optional(),
  format: z.enum(['png', 'svg', 'pdf', 'tiff']),
  layout: z.enum(['overlay', 'panels']).optional(),
  colormap: z.string().max(64).optional(),
  scaleBar: z.boolean().optional(),
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
