// Reading a fusion's result folder (spec.ts) back: its report and its maps, each a clear InputError when missing or
// malformed. Used by the app (a project's results), `fusem fuse --warm-start`, `fusem quantify` and the watcher.

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../errors.js';
import { readImage } from '../index.js';
import { fusedNpyFile, REPORT_FILE, stderrNpyFile, type FuseReport } from './spec.js';

/** One map of a result folder: the file, its shape ([rows, cols]) and its values. */
export interface ResultMap { file: string; shape: number[]; data: Float32Array }

/** report.json of the result folder `dir`. */
export async function readResultReport(dir: string): Promise<FuseReport> {
  const file = path.join(dir, REPORT_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(file, code === 'ENOENT' ? `not found: ${dir} is not a fusem result folder (no ${REPORT_FILE})` : `cannot be read (${code ?? (e as Error).message})`);
  }
  let report: unknown;
  try {
    report = JSON.parse(text);
  } catch {
    throw new InputError(file, 'is not valid JSON');
  }
  const r = report as Partial<FuseReport> | null;
  if (r === null || typeof r !== 'object' || !Array.isArray(r.elements) || !Array.isArray(r.shape) || r.shape.length !== 2) {
    throw new InputError(file, 'is not a fusem fusion report (no elements and shape)');
  }
  return report as FuseReport;
}

/** The fused maps (fused_<El>.npy) or standard-error maps (stderr_<El>.npy) of `elements`, in that order. */
export async function readResultMaps(dir: string, kind: 'fused' | 'stderr', elements: readonly string[]): Promise<ResultMap[]> {
  return Promise.all(elements.map(async (el) => {
    const file = path.join(dir, kind === 'fused' ? fusedNpyFile(el) : stderrNpyFile(el));
    const img = await readImage(file);
    return { file, shape: img.shape, data: img.data };
  }));
}
