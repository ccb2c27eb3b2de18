// Reading fusion inputs with their provenance: one file holding the HAADF and labelled maps, or a HAADF
// file plus one file per element. Shared by `fusem fuse`, the app's datasets and the acquisition-folder watcher.

import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from './errors.js';
import { readDataset, readImage } from './index.js';
import { checkInputs, type FusionInputs } from '../solve/inputs.js';
import { varianceProblems, type DataTermChoice } from '../model/data-terms/index.js';
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

/**
 * A HAADF image file and one file per element map ([element, file] pairs), all on the same grid; optionally a per-pixel
 * variance file for every map (`fusem maps` writes variance_<El>.npy beside map_<El>.npy), which the data term weighs by.
 */
export async function loadSeparateFiles(haadfFile: string, mapFiles: readonly (readonly [string, string])[], varianceFiles: readonly (readonly [string, string])[] = []): Promise<LoadedInputs> {
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
  const elements = mapFiles.map(([el]) => el);
  const variances = await readVariances(varianceFiles, elements, rows, cols);
  for (const [element, file] of varianceFiles) files.push({ role: `variance ${element}`, file: path.resolve(file), sha256: await sha256(file) });
  return {
    inputs: { width: cols, height: rows, haadf: haadf.data, elements, maps, ...(variances ? { variances } : {}) },
    files, pixelSize: haadf.pixelSize, unit: haadf.unit,
    notes: variances ? [`per-pixel variances of the maps read from ${varianceFiles.map(([, f]) => path.basename(f)).join(', ')}`] : [],
  };
}

/** One variance file per map, in the maps' order (all or none), each on the maps' grid, finite and ≥ 0; null when none given. */
async function readVariances(varianceFiles: readonly (readonly [string, string])[], elements: string[], rows: number, cols: number): Promise<Float32Array[] | null> {
  if (varianceFiles.length === 0) return null;
  const byElement = new Map<string, string>();
  for (const [element, file] of varianceFiles) {
    if (!elements.includes(element)) throw new InputError(file, `variance given for ${element}, which has no map (maps: ${elements.join(', ')})`);
    if (byElement.has(element)) throw new InputError(file, `a second variance file for ${element}`);
    byElement.set(element, file);
  }
  const missing = elements.filter((el) => !byElement.has(el));
  if (missing.length > 0) throw new InputError(varianceFiles[0]![1], `variances are given for some maps but not for ${missing.join(', ')}: give --variance EL=FILE for every map, or none`);
  const out: Float32Array[] = [];
  for (const element of elements) {
    const file = byElement.get(element)!;
    const img = await readImage(file);
    const [r, c] = img.shape.slice(-2) as [number, number];
    if (r !== rows || c !== cols) throw new InputError(file, `variance map is ${r}×${c} but the HAADF is ${rows}×${cols}: shapes differ`);
    const problem = varianceProblems([img.data], [img.data])[0];
    if (problem) throw new InputError(file, `${element} ${problem.problem}`);
    out.push(img.data);
  }
  return out;
}

/** The file an input check refers to (`HAADF` or an element symbol), so a message names it. */
export function fileOf(loaded: LoadedInputs, input: string): string {
  const byRole = loaded.files.find((f) => f.role === input);
  return byRole?.file ?? loaded.files[0]?.file ?? input;
}

/** checkInputs, with the first problem as an InputError naming the file at fault. */
export function assertFusable(loaded: LoadedInputs, dataTerm: DataTermChoice): void {
  const problems = checkInputs(loaded.inputs, dataTerm);
  if (problems.length > 0) {
    const first = problems[0]!;
    throw new InputError(fileOf(loaded, first.input), first.problem);
  }
}
