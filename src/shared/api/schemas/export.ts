// export.figure / export.data: files written into the project's exports/ (or to `path`).

import { z } from '../z.js';
import { ElementSymbol, FilePath, Id } from './common.js';

export const ExportFigureParams = z.strictObject({
  resultId: Id,
  /** Elements drawn (default all), overlaid in this order. */
  elements: z.array(ElementSymbol).max(64).optional(),
  format: z.enum(['png', 'svg', 'pdf', 'tiff']),
  layout: z.enum(['overlay', 'panels']).optional(),
  colormap: z.string().max(64).optional(),
  scaleBar: z.boolean().optional(),
  /** Where to write; default exports/<name> in the project. */
  path: FilePath.optional(),
});
export const ExportFigureResult = z.object({ file: FilePath });

export const ExportDataParams = z.strictObject({
  resultId: Id,
  elements: z.array(ElementSymbol).max(64).optional(),
  format: z.enum(['tiff', 'npy', 'csv']),
  /** Include the standard-error maps where there are some. */
  stderr: z.boolean().optional(),
  /** A folder; default exports/ in the project. */
  path: FilePath.optional(),
});
export const ExportDataResult = z.object({ files: z.array(FilePath) });
