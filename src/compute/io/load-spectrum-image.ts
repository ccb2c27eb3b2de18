// Loading a spectrum image as fusion inputs (issue 11): read it, map it (compute/spectra), take the HAADF acquired
// with it (frames summed, binned like the maps), or one given separately. Used by `fusem fuse --input SI --elements`
// and `fusem maps`.

import path from 'node:path';
import { InputError } from './errors.js';
import { readImage } from './index.js';
import { sha256, type LoadedInputs } from './load-inputs.js';
import { readSpectrumImage, type FrameSelection } from './spectra/read.js';
import type { ImageRecord } from './types.js';
import { makeElementMaps, type ElementMaps, type MapRequest } from '../spectra/make-maps.js';
import type { SpectrumImage } from '../spectra/types.js';

/** The HAADF (else dark-field) image acquired with the SI, frames summed; null when the file has none. */
export function haadfOf(images: ImageRecord[]): ImageRecord | null {
  return images.find((r) => r.signal === 'HAADF') ?? images.find((r) => r.signal === 'DF') ?? null;
}

/** Sum an image's frames into one [rows, cols] image. */
export function summedFrames(r: ImageRecord): Float32Array {
  const [rows, cols] = r.shape.slice(-2) as [number, number];
  const n = rows * cols;
  if (r.data.length === n) return r.data;
  const out = new Float32Array(n);
  for (let k = 0; k < r.data.length; k++) out[k % n] += r.data[k]!;
  return out;
}

/** Bin an image pixelBin × pixelBin (sums), dropping trailing rows/columns as the SI binning does. */
export function binImage(img: Float32Array, rows: number, cols: number, b: number): Float32Array {
  if (b === 1) return img;
  const r = Math.floor(rows / b), c = Math.floor(cols / b);
  const out = new Float32Array(r * c);
  for (let y = 0; y < r * b; y++) for (let x = 0; x < c * b; x++) out[Math.floor(y / b) * c + Math.floor(x / b)] += img[y * cols + x]!;
  return out;
}

/** An SI's maps with the HAADF on their grid (and of the SI, what the fusion inputs name). */
export interface MappedSpectrumImage { si: Pick<SpectrumImage, 'title' | 'rows' | 'cols'>; maps: ElementMaps; haadf: Float32Array | null; haadfTitle: string | null }

/** The HAADF acquired with an SI on its grid (frames summed), or null. */
export function haadfOnGrid(si: SpectrumImage, images: ImageRecord[], pixelBin = 1): Float32Array | null {
  const h = haadfOf(images);
  if (!h) return null;
  const [rows, cols] = h.shape.slice(-2) as [number, number];
  return rows === si.rows && cols === si.cols ? binImage(summedFrames(h), rows, cols, pixelBin) : null;
}

/** Map an SI already read (with the images of its file). */
export function mapSpectrumImage(si: SpectrumImage, images: ImageRecord[], request: MapRequest): MappedSpectrumImage & { si: SpectrumImage } {
  const maps = makeElementMaps(si, request);
  return { si, maps, haadf: haadfOnGrid(si, images, request.pixelBin ?? 1), haadfTitle: haadfOf(images)?.title ?? null };
}

/** Read an SI file and map it. */
export async function mapSpectrumImageFile(file: string, request: MapRequest, frameSel?: FrameSelection): Promise<MappedSpectrumImage & { si: SpectrumImage }> {
  const { si, images } = await readSpectrumImage(file, frameSel ? { frames: frameSel } : {});
  return mapSpectrumImage(si, images, request);
}

/** One line per map for reports and notes. */
export function provenanceLines(m: ElementMaps): string[] {
  return m.provenance.map((p) => {
    const w = Object.entries(p.windows).map(([k, v]) => `${k} ${JSON.stringify(v)}`).join(', ');
    return `${p.element}: ${p.technique} ${p.line} — ${p.method}; windows (eV) ${w}; total ${p.totalCounts.toFixed(0)} counts${p.notes.length > 0 ? `; ${p.notes.join('; ')}` : ''}`;
  });
}

/** `fuse --input SI --elements …`: the maps made here plus the SI's HAADF (or --haadf FILE) as fusion inputs. */
export async function loadSpectrumImageInputs(file: string, haadfFile: string | undefined, request: MapRequest, frameSel?: FrameSelection): Promise<LoadedInputs> {
  return spectrumImageInputs(file, await mapSpectrumImageFile(file, request, frameSel), request, haadfFile);
}

/** Fusion inputs from a mapped SI (the app and the watcher map an SI they hold in memory). */
export async function spectrumImageInputs(file: string, mapped: MappedSpectrumImage, request: MapRequest, haadfFile?: string): Promise<LoadedInputs> {
  const { maps } = mapped;
  let haadf = mapped.haadf;
  const files: LoadedInputs['files'] = [{ role: 'spectrum image', file: path.resolve(file), sha256: await sha256(file), title: mapped.si.title }];
  if (haadfFile !== undefined) {
    const img = await readImage(haadfFile);
    const [r, c] = img.shape.slice(-2) as [number, number];
    const b = request.pixelBin ?? 1;
    const h = binImage(img.data, r, c, b);
    if (Math.floor(r / b) !== maps.height || Math.floor(c / b) !== maps.width) {
      throw new InputError(haadfFile, `HAADF is ${r}×${c} but the spectrum image ${file} is ${mapped.si.rows}×${mapped.si.cols}: shapes differ`);
    }
    haadf = h;
    files.push({ role: 'HAADF', file: path.resolve(haadfFile), sha256: await sha256(haadfFile), title: img.title });
  }
  if (!haadf) throw new InputError(file, 'the spectrum image file holds no HAADF image on its grid: give one with --haadf FILE');
  return {
    inputs: { width: maps.width, height: maps.height, haadf, elements: maps.elements, maps: maps.maps, variances: maps.variances },
    files, pixelSize: maps.pixelSize, unit: maps.unit,
    notes: [...maps.notes, ...provenanceLines(maps)],
  };
}
