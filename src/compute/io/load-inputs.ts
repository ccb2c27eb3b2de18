// Reading fusion inputs with their provenance: one file holding the HAADF and labelled maps, or a HAADF
// file plus one file per element. Shared by `fusem fuse`, the app's datasets and the acquisition-folder watcher.

import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from './errors.js';
import { readDataset, readImage } from './index.js';
import { checkInputs, type FusionInputs } from '../solve/inputs.js';
import type { InputFileRecord, InputProvenance } from './result/write.js';

/** What was read: the fusion inputs, their calibration and provenance. */
export interface LoadedInputs extends InputProvenance {
  inputs: FusionInputs;
}

export async function sha256(file: string): Promise<string> {
  return createHash('sha256').update(await readFile(file)).digest('hex');
}

/** One file (.emd, .h5, .hspy, .npz, ...) holding a HAADF or dark-field image and labelled element maps. */
export async function loadDatasetFile(file: string): Promise<LoadedInputs> {
  const ds = await readDataset(file);
  return {
    inputs: { width: ds.width, height: ds.height, haadf: ds.haadf, elements: ds.maps.map((m) => m.element), maps: ds.maps.map((m) => m.data) },
    files: [{ role: 'dataset', file: path.resolve(file), sha256: await sha256(file) }],
    pixelSize: ds.pixelSize, unit: ds.unit, notes: ds.notes,
  };
}

/** A HAADF image file and one file per element map ([element, file] pairs), all on the same grid. */
export async function loadSeparateFiles(haadfFile: string, mapFiles: readonly (readonly [string, string])[]): Promise<LoadedInputs> {
  const haadf = await readImage(haadfFile);
  const [rows, cols] = haadf.shape.slice(-2) as [number, number];
  const files: InputFileRecord[] = [{ role: 'HAADF', file: path.resolve(haadfFile), sha256: await sha256(haadfFile), title: haadf.title }];
  const maps: Float32Array[] = [];
  for (const [element, file] of mapFiles) {
    const img = await readImage(file);
    const [r, c] = img.shape.slice(-2) as [number, number];
    if (r !== rows || c !== cols) throw new InputError(file, `map is ${r}×${c} but the HAADF ${haadfFile} is ${rows}×${cols}: shapes differ`);
    if (img.allZero) throw new InputError(file, `map ${element} is empty (all zero): no counts to fuse`);
    maps.push(img.data);
    files.push({ role: element, file: path.resolve(file), sha256: await sha256(file), title: img.title });
  }
  return {
    inputs: { width: cols, height: rows, haadf: haadf.data, elements: mapFiles.map(([el]) => el), maps },
    files, pixelSize: haadf.pixelSize, unit: haadf.unit, notes: [],
  };
}

/** The file an input check refers to (`HAADF` or an element symbol), so a message names it. */
export function fileOf(loaded: LoadedInputs, input: string): string {
  const byRole = loaded.files.find((f) => f.role === input);
  return byRole?.file ?? loaded.files[0]?.file ?? input;
}

/** checkInputs, with the first problem as an InputError naming the file at fault. */
export function assertFusable(loaded: LoadedInputs, dataTerm: 'poisson' | 'lsq'): void {
  const problems = checkInputs(loaded.inputs, dataTerm);
  if (problems.length > 0) {
    const first = problems[0]!;
    throw new InputError(fileOf(loaded, first.input), first.problem);
  }
}
