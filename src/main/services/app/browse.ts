// files.browse: what each supported file of a folder holds (kind, shape, pixel size, elements, a thumbnail), read
// the way an import would read it, so the user sees before importing what fusem found and can correct labels.

import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { ApiError, type FileEntry, type FilesBrowseResult } from '../../../shared/api/index.js';
import { isInputError, readDataset, readImage, SUPPORTED_EXTENSIONS } from '../../../compute/io/index.js';
import { DATASET_EXTENSIONS, splitLabel } from '../watcher/naming.js';
import { readSpectra } from '../../../compute/io/spectra/read.js';
import { haadfOnGrid } from '../../../compute/io/load-spectrum-image.js';
import { countsImage } from '../../../compute/spectra/views.js';
import type { Spectrum } from '../../../compute/spectra/types.js';
import { describeSpectrum } from '../../../compute/spectra/describe.js';

/** At most this many files are read per listing. */
export const MAX_BROWSE_FILES = 200;
/** Files above this size are listed without being read. */
export const MAX_PREVIEW_BYTES = 512 * 1024 ** 2;
const THUMB_SIDE = 64;

/** `data` (width × height) block-averaged to at most THUMB_SIDE px a side. */
export function thumbnail(data: Float32Array, width: number, height: number, side = THUMB_SIDE): { width: number; height: number; data: Float32Array } {
  const f = Math.max(1, Math.ceil(Math.max(width, height) / side));
  const w = Math.max(1, Math.floor(width / f)), h = Math.max(1, Math.floor(height / f));
  const out = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let s = 0, n = 0;
      for (let dy = 0; dy < f && y * f + dy < height; dy++) {
        for (let dx = 0; dx < f && x * f + dx < width; dx++) {
          const v = data[(y * f + dy) * width + x * f + dx]!;
          if (Number.isFinite(v)) { s += v; n++; }
        }
      }
      out[y * w + x] = n > 0 ? s / n : 0;
    }
  }
  return { width: w, height: h, data: out };
}

const calibration = (pixelSize: [number, number] | null, unit: string | null) =>
  pixelSize && pixelSize[1] > 0 ? { value: pixelSize[1], unit: unit ?? 'px' } : null;

/** A file's one spectrum (the first of `count`), for the Import dialog's plot: kind 'spectrum', never chosen for import. */
function spectrumEntry(s: Spectrum, count: number): Pick<FileEntry, 'kind' | 'spectrum' | 'problem'> {
  const more = count > 1 ? ` (the first of ${count} spectra)` : '';
  return {
    kind: 'spectrum', problem: null,
    spectrum: { signal: s.kind, summary: `${describeSpectrum(s).text}${more}`, energy: s.energy, counts: Float32Array.from(s.counts) },
  };
}

/** What `file` holds, as an import would read it; never throws for a bad file (the entry says the problem). */
export async function describeFile(file: string, bytes: number): Promise<FileEntry> {
  const name = path.basename(file);
  const ext = path.extname(name).toLowerCase();
  const base: FileEntry = { name, path: file, bytes, kind: 'unreadable', role: null, shape: null, pixelSize: null, elements: [], thumbnail: null, problem: null };
  if (bytes > MAX_PREVIEW_BYTES) return { ...base, problem: `${file} is ${Math.round(bytes / 1024 ** 2)} MB: too large to preview (it can still be imported)` };
  try {
    if (DATASET_EXTENSIONS.includes(ext) || ext === '.dm3' || ext === '.dm4') {
      // one spectrum image: a dataset whose maps the Spectrum tab makes (its HAADF, else its total counts, as thumbnail)
      const spectra = await readSpectra(file).catch(() => null);
      const si = spectra?.spectrumImages.length === 1 ? spectra.spectrumImages[0]! : null;
      if (si) {
        const haadf = haadfOnGrid(si, spectra!.images);
        return {
          ...base, kind: 'dataset', spectrumImage: si.kind, shape: [si.rows, si.cols], pixelSize: calibration(si.pixelSize, si.unit),
          thumbnail: thumbnail(haadf ?? countsImage(si), si.cols, si.rows),
        };
      }
      const one = spectra && spectra.spectrumImages.length === 0 && spectra.images.length === 0 ? spectra.spectra[0] : undefined;
      if (one) return { ...base, ...spectrumEntry(one, spectra!.spectra.length) };
    }
    if (DATASET_EXTENSIONS.includes(ext)) {
      const ds = await readDataset(file);
      return {
        ...base, kind: 'dataset', shape: [ds.height, ds.width], pixelSize: calibration(ds.pixelSize, ds.unit),
        elements: ds.maps.map((m) => m.element), thumbnail: thumbnail(ds.haadf, ds.width, ds.height),
        problem: ds.maps.length === 0 ? `${file} holds no labelled element maps` : null,
      };
    }
    const img = await readImage(file);
    const [rows, cols] = img.shape as [number, number];
    const label = splitLabel(path.basename(name, path.extname(name)));
    return {
      ...base, kind: 'image', role: label?.role ?? null, shape: [rows, cols], pixelSize: calibration(img.pixelSize, img.unit),
      elements: label && label.role !== 'HAADF' ? [label.role] : [], thumbnail: thumbnail(img.data, cols, rows),
      problem: label ? null : `${name}: its name says neither HAADF nor an element; set its element below, or name it like scan012_Co.tif`,
    };
  } catch (e) {
    if (isInputError(e)) return { ...base, problem: e.message };
    return { ...base, problem: `${file} could not be read: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** The folders and supported files of `dir`, each file described. */
export async function browseFolder(dir: string): Promise<FilesBrowseResult> {
  const root = path.resolve(dir);
  const st = await stat(root).catch(() => null);
  if (!st) throw new ApiError('not-found', `${root} does not exist`);
  if (!st.isDirectory()) throw new ApiError('input', `${root} is a file, not a folder`);
  const entries = await readdir(root, { withFileTypes: true }).catch((e: unknown) => {
    throw new ApiError('input', `${root} cannot be read: ${e instanceof Error ? e.message : String(e)}`);
  });
  const folders = entries.filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name).sort();
  const supported = entries
    .filter((e) => e.isFile() && !e.name.startsWith('.') && SUPPORTED_EXTENSIONS.includes(path.extname(e.name).toLowerCase()))
    .map((e) => e.name).sort();
  const listed = supported.slice(0, MAX_BROWSE_FILES);
  const files: FileEntry[] = [];
  for (const name of listed) {
    const file = path.join(root, name);
    const bytes = (await stat(file).catch(() => null))?.size ?? 0;
    files.push(await describeFile(file, bytes));
  }
  const parent = path.dirname(root);
  return { dir: root, parent: parent === root ? null : parent, folders, files, truncated: supported.length > listed.length };
}

/** Each of `files` described (a missing one says so). */
export async function describeFiles(files: readonly string[]): Promise<FileEntry[]> {
  const out: FileEntry[] = [];
  for (const f of files) {
    const file = path.resolve(f);
    const st = await stat(file).catch(() => null);
    if (!st || !st.isFile()) {
      out.push({ name: path.basename(file), path: file, bytes: 0, kind: 'unreadable', role: null, shape: null, pixelSize: null, elements: [], thumbnail: null, problem: `${file} ${st ? 'is not a file' : 'does not exist'}` });
      continue;
    }
    out.push(await describeFile(file, st.size));
  }
  return out;
}
