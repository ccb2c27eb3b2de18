// files.* and upload.*: choosing what to import from the app. files.browse lists a folder's supported files with
// what each holds (so labels can be corrected before import); upload.* carries a browser's file into the project
// in chunks (base64 in JSON text frames, under the connection's message cap), to be imported from there.

import { z } from '../z.js';
import { ElementSymbol, FilePath, Float32, ImageArray, Shape } from './common.js';
import { EnergyAxisSchema } from './spectrum.js';

export const FilesBrowseParams = z.strictObject({ dir: FilePath });

/** What one file holds, as far as fusem can tell without importing it. */
export const FileEntry = z.object({
  name: z.string().max(4096),
  /** Absolute, on the backend's machine. */
  path: FilePath,
  bytes: z.number().int().min(0),
  /**
   * 'dataset': a HAADF plus labelled maps in one file; 'image': one image (its role from the file name, if any);
   * 'spectrum': one spectrum (EELS or EDX, e.g. a .dm3 from DigitalMicrograph), shown but not imported.
   */
  kind: z.enum(['dataset', 'image', 'spectrum', 'unreadable']),
  /** For an image: 'HAADF' or the element its name says; null when the name says neither. */
  role: z.string().max(16).nullable(),
  /** [rows, cols], null when unreadable. */
  shape: Shape.nullable(),
  pixelSize: z.object({ value: z.number().positive(), unit: z.string().max(16) }).nullable(),
  /** Element labels found (a dataset's maps; an image's role when it is an element). */
  elements: z.array(ElementSymbol),
  /** The HAADF (or the image) shrunk to at most 64 px a side. */
  thumbnail: ImageArray.nullable(),
  /** A 'spectrum': what it is (one line, as `fusem info` says), its energy axis and counts. */
  spectrum: z.object({
    signal: z.enum(['EELS', 'EDX']),
    summary: z.string().max(2000),
    energy: EnergyAxisSchema,
    counts: Float32,
  }).optional(),
  /** The file is one spectrum image (a 'dataset' whose maps the Spectrum tab makes, issue 11). */
  spectrumImage: z.enum(['EELS', 'EDX']).optional(),
  /** Why the file cannot be imported as it is (one sentence naming the problem), else null. */
  problem: z.string().max(2000).nullable(),
});
export type FileEntry = z.output<typeof FileEntry>;

export const FilesBrowseResult = z.object({
  dir: FilePath,
  /** The folder above, null at the root. */
  parent: FilePath.nullable(),
  /** Sub-folders (names), sorted. */
  folders: z.array(z.string().max(4096)),
  /** Supported files, sorted by name. */
  files: z.array(FileEntry),
  /** True when the folder held more entries than are listed. */
  truncated: z.boolean(),
});
export type FilesBrowseResult = z.output<typeof FilesBrowseResult>;

/** Describe given files (uploaded ones, or chosen in a native dialog) as files.browse describes a folder's. */
export const FilesDescribeParams = z.strictObject({ paths: z.array(FilePath).min(1).max(256) });
export const FilesDescribeResult = z.object({ files: z.array(FileEntry) });

/** Largest file one upload carries. */
export const MAX_UPLOAD_BYTES = 2 * 1024 ** 3;
/** Largest chunk, as base64 characters (≈ 540 kB of bytes; the WebSocket's message cap is 1 MiB). */
export const MAX_CHUNK_BASE64 = 720_000;

export const UploadBeginParams = z.strictObject({
  /** The file's name (no folders): it is kept as the imported file's name. */
  name: z.string().min(1).max(255).refine((s) => !/[\\/\0]/.test(s) && s !== '.' && s !== '..', 'must be a file name without folders'),
  bytes: z.number().int().min(1).max(MAX_UPLOAD_BYTES),
});
export const UploadBeginResult = z.object({ uploadId: z.string().max(64) });

export const UploadChunkParams = z.strictObject({
  uploadId: z.string().min(1).max(64),
  /** Where these bytes go; chunks come in order. */
  offset: z.number().int().min(0),
  /** The bytes, base64. */
  data: z.string().min(1).max(MAX_CHUNK_BASE64),
});
export const UploadChunkResult = z.object({
  received: z.number().int().min(0),
  /** Once every byte has arrived: where the file waits (inside the project) for dataset.import. */
  path: FilePath.nullable(),
});

export const ElementRelabel = z.record(ElementSymbol, ElementSymbol);
