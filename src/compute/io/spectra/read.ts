// Spectrum images and spectra from any file fusem reads (issue 11): Velox EMD event streams, DigitalMicrograph
// 3-D/1-D EELS and EDS, HyperSpy 3-D/1-D signals; plus the images (HAADF) acquired with them.

import { InputError } from '../errors.js';
import { detectFormat } from '../detect.js';
import { readFileBytes } from '../bytes.js';
import { parseDm } from '../dm/read.js';
import { dmSpectrum, dmSpectrumImage } from '../dm/spectrum.js';
import { hdf5Flavour } from '../hdf5/read.js';
import { scanHdf5 } from '../hdf5/tree.js';
import { readHspy } from '../hspy/read.js';
import { hspySpectra } from '../hspy/spectrum.js';
import type { ImageRecord } from '../types.js';
import { readVelox } from '../velox/read.js';
import { PRUNED_NOTE, readVeloxSpectrumStream, spectrumStreams, type FrameSelection } from '../velox/spectrum-stream.js';
import type { Spectrum, SpectrumImage } from '../../spectra/types.js';

export type { FrameSelection } from '../velox/spectrum-stream.js';

export interface SpectraContents {
  spectrumImages: SpectrumImage[];
  spectra: Spectrum[];
  /** Images in the same file (HAADF, maps the instrument made): frames summed over the same selection where they match. */
  images: ImageRecord[];
  /** Why a spectrum image the file seems to hold was not read (e.g. a pruned Velox stream). */
  notes: string[];
}

export interface ReadSpectraOptions { frames?: FrameSelection }

/** Everything spectral a file holds. InputError on unreadable files; empty lists when it holds no spectra. */
export async function readSpectra(file: string, opts: ReadSpectraOptions = {}): Promise<SpectraContents> {
  const format = await detectFormat(file);
  if (format === 'dm') {
    const records = parseDm(await readFileBytes(file), file);
    for (const r of records) r.metadata['file'] = file;
    const spectrumImages = records.map((r) => dmSpectrumImage(r, file)).filter((s): s is SpectrumImage => s !== null);
    const spectra = records.map((r) => dmSpectrum(r, file)).filter((s): s is Spectrum => s !== null);
    const images = records.filter((r) => r.shape.length === 2);
    return { spectrumImages, spectra, images, notes: [] };
  }
  if (format !== 'hdf5') return { spectrumImages: [], spectra: [], images: [], notes: [] };
  const tree = await scanHdf5(file);
  const flavour = hdf5Flavour(tree);
  if (flavour === 'hspy') {
    const { spectrumImages, spectra } = await hspySpectra(tree);
    const images = (await readHspy(tree)).filter((r) => r.shape.length === 2);
    return { spectrumImages, spectra, images, notes: [] };
  }
  if (flavour === 'velox') {
    const images = tree.children('/Data/Image').length > 0 ? await readVelox(tree) : [];
    const notes: string[] = [];
    const spectrumImages: SpectrumImage[] = [];
    if (spectrumStreams(tree).length > 0) {
      const grid = images.find((r) => r.shape.length >= 2);
      const [rows, cols] = grid ? (grid.shape.slice(-2) as [number, number]) : [0, 0];
      const si = await readVeloxSpectrumStream(tree, grid ? { rows, cols } : null, opts.frames);
      spectrumImages.push(si);
      selectImageFrames(images, si.acquisition.framesInFile, opts.frames);
    } else if (tree.children('/Data/SpectrumImage').length > 0) {
      notes.push(PRUNED_NOTE);
    }
    return { spectrumImages, spectra: [], images, notes };
  }
  return { spectrumImages: [], spectra: [], images: [], notes: [] };
}

/** Images with as many frames as the SI: keep the selected frames' sum, so the HAADF matches the SI's dose. */
function selectImageFrames(images: ImageRecord[], framesInFile: number | null, sel: FrameSelection | undefined): void {
  if (!sel || framesInFile === null) return;
  for (const r of images) {
    if (r.shape.length !== 3 || r.shape[0] !== framesInFile) continue;
    const [f, rows, cols] = r.shape as [number, number, number];
    const first = sel.first ?? 0, last = sel.last ?? f - 1;
    const n = rows * cols;
    const out = new Float32Array((last - first + 1) * n);
    out.set(r.data.subarray(first * n, (last + 1) * n));
    r.data = out;
    r.shape = [last - first + 1, rows, cols];
    r.metadata['framesSelected'] = [first + 1, last + 1];
  }
}

/** The one spectrum image of a file, or an InputError saying why there is none. */
export async function readSpectrumImage(file: string, opts: ReadSpectraOptions = {}): Promise<{ si: SpectrumImage; images: ImageRecord[] }> {
  const c = await readSpectra(file, opts);
  if (c.spectrumImages.length === 0) {
    if (c.notes.length > 0) throw new InputError(file, c.notes[0]!);
    const what = c.spectra.length > 0 ? 'holds a single spectrum, not a spectrum image' : 'holds no spectrum image (no EELS/EDX data cube)';
    throw new InputError(file, what);
  }
  if (c.spectrumImages.length > 1) {
    throw new InputError(file, `holds ${c.spectrumImages.length} spectrum images (${c.spectrumImages.map((s) => s.title).join(', ')}): fusem maps one per file`);
  }
  return { si: c.spectrumImages[0]!, images: c.images };
}
