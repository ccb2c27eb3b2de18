// dataset.*: the inputs of a fusion, imported into the open project (copied, or referenced in place).

import { z } from '../z.js';
import { ElementImage, ElementSymbol, FilePath, Id, ImageArray, IsoTime, Label, Shape } from './common.js';
import { ElementRelabel } from './files.js';

export const ImportMode = z.enum(['copy', 'reference']);
export type ImportMode = z.output<typeof ImportMode>;

/** At most this many files in one import. */
export const MAX_IMPORT_FILES = 256;

const importOptions = {
  mode: ImportMode,
  label: Label.optional(),
  /** Corrected element labels: the label as read → the one to use (kept with the dataset, applied whenever it is read). */
  elements: ElementRelabel.optional(),
};

/** Either one file holding the HAADF and labelled maps, or several (a HAADF and one map per element). */
export const DatasetImportParams = z.union([
  z.strictObject({ file: FilePath, ...importOptions }),
  z.strictObject({ files: z.array(FilePath).min(1).max(MAX_IMPORT_FILES), ...importOptions }),
]);
export type DatasetImportParams = z.output<typeof DatasetImportParams>;

export const DatasetFile = z.object({
  name: z.string().max(4096),
  bytes: z.number().int().min(0),
  sha256: z.string().max(64),
  /** copy: relative to the project folder; reference: the original's absolute path. */
  path: FilePath,
});

export const DatasetSummary = z.object({
  id: Id,
  label: Label,
  mode: ImportMode,
  imported: IsoTime,
  files: z.array(DatasetFile),
  /** Element symbols of the maps, as read (empty until read). */
  elements: z.array(ElementSymbol),
  /** [rows, cols]; null until read. */
  shape: Shape.nullable(),
  /** Element labels corrected at import (as read → as used). */
  relabel: ElementRelabel.optional(),
  /** The dataset is one spectrum image (EELS or EDX): its maps are made with the project's map settings (spectrum.*). */
  spectrumImage: z.enum(['EELS', 'EDX']).optional(),
  /** Why the dataset's files cannot be read now (a file moved or changed), naming the file; absent when they can. */
  problem: z.string().max(2000).optional(),
});
export type DatasetSummary = z.output<typeof DatasetSummary>;

export const DatasetListResult = z.object({ datasets: z.array(DatasetSummary) });
export const DatasetGetParams = z.strictObject({ datasetId: Id });

/** A dataset's images, read from its files. */
export const DatasetData = z.object({
  dataset: DatasetSummary,
  haadf: ImageArray,
  maps: z.array(ElementImage),
  /** Calibrated pixel size, when the files say. */
  pixelSize: z.object({ value: z.number().positive(), unit: z.string().max(16) }).nullable(),
});
export type DatasetData = z.output<typeof DatasetData>;
