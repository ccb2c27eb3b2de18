// readImages: dispatch by extension and magic bytes to the format readers; every failure is an InputError.

import { basename } from 'node:path';
import { InputError } from './errors.js';
import { readFileBytes } from './bytes.js';
import { detectFormat } from './detect.js';
import { parseDm } from './dm/read.js';
import { readHdf5Images } from './hdf5/read.js';
import { parseElementLabel } from './labels/element-label.js';
import { classifySignal } from './labels/signal-kind.js';
import { parseNpz } from './npy/npz.js';
import { npyToRecord, parseNpy } from './npy/read.js';
import { parseTiff } from './tiff/read.js';
import type { ImageRecord } from './types.js';

/** Turn anything a reader throws into an InputError naming the file (a reader bug must not read as a crash). */
function asInputError(file: string, e: unknown): InputError {
  if (e instanceof InputError) return e;
  if (e instanceof RangeError && /allocation|Array buffer|Invalid typed array length/i.test(e.message)) {
    return new InputError(file, 'is too large to read into memory');
  }
  const m = e instanceof Error ? e.message : String(e);
  return new InputError(file, `cannot be read (corrupt or unsupported: ${m})`);
}

/** Name-based labels for files that carry none (npy, tiff): 'scan_Co.tif' -> Co, 'HAADF.npy' -> HAADF. */
function labelFromName(file: string, records: ImageRecord[]): void {
  const name = basename(file);
  for (const r of records) {
    const hint = r.title !== '' && records.length > 1 ? r.title : `${r.title} ${name}`.trim();
    if (r.signal === 'other') r.signal = classifySignal(hint);
    if (r.element === null && r.signal !== 'HAADF' && r.signal !== 'DF' && r.signal !== 'BF') {
      r.element = parseElementLabel(r.title !== '' ? r.title : name) ?? (records.length === 1 ? parseElementLabel(name) : null);
    }
  }
}

/** Every image a file holds (all formats fusem reads). */
export async function readImages(file: string): Promise<ImageRecord[]> {
  try {
    const format = await detectFormat(file);
    let records: ImageRecord[];
    if (format === 'hdf5') {
      records = (await readHdf5Images(file)).records;
    } else {
      const bytes = await readFileBytes(file);
      if (format === 'npy') records = [npyToRecord(parseNpy(bytes, file), '')];
      else if (format === 'npz') records = parseNpz(bytes, file);
      else if (format === 'tiff') records = parseTiff(bytes, file);
      else records = parseDm(bytes, file);
      labelFromName(file, records);
    }
    if (records.length === 0) throw new InputError(file, 'holds no images');
    for (const r of records) r.metadata['file'] = file;
    return records;
  } catch (e) {
    throw asInputError(file, e);
  }
}
