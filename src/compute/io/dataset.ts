// readImage / readDataset: choose the HAADF (or dark-field) image and the element maps a file holds (issue 3).

import { InputError } from './errors.js';
import { gridOf, isImage, toFrame } from './frames.js';
import { readImages } from './read-images.js';
import type { Dataset, ImageRecord } from './types.js';
import { SPECTRUM_STREAM_NOTE } from './velox/read.js';

export interface ReadImageOptions {
  /** Which image is wanted when the file holds several: the HAADF ('haadf') or an element's map. */
  role?: 'haadf' | { element: string };
  /** 'sum' (default) adds the frames of a stack; a number selects one frame. */
  frame?: 'sum' | number;
}

const describe = (r: ImageRecord): string => `'${r.title}'${r.element ? ` (${r.element})` : ''}`;

/** The single 2-D image (frames summed) a file holds, as an ImageRecord of shape [rows, cols]. */
export async function readImage(file: string, opts: ReadImageOptions = {}): Promise<ImageRecord> {
  const all = await readImages(file);
  let cands = all.filter(isImage);
  if (cands.length === 0) throw new InputError(file, 'holds no 2-D image');
  if (cands.length > 1 && opts.role !== undefined) {
    const role = opts.role;
    const pick = role === 'haadf'
      ? pickHaadf(cands)
      : cands.filter((r) => r.element === role.element);
    if (Array.isArray(pick)) cands = pick;
    else if (pick) cands = [pick.record];
  }
  const nonZero = cands.filter((r) => !r.allZero);
  if (cands.length > 1 && nonZero.length === 1) cands = nonZero;
  if (cands.length !== 1) {
    const what = cands.length === 0 ? 'none of the images matches' : `holds ${cands.length} images (${cands.map(describe).join(', ')}) and none is clearly the one`;
    throw new InputError(file, `${what}; name the image to use, or pass the file with --input to read it as a whole dataset`);
  }
  const r = cands[0]!;
  if (r.shape.length === 2 && opts.frame === undefined) return r;
  const [rows, cols] = gridOf(r);
  let data: Float32Array;
  try {
    data = toFrame(r, opts.frame ?? 'sum');
  } catch (e) {
    throw new InputError(file, (e as Error).message);
  }
  let sum = 0;
  let allZero = true;
  for (let i = 0; i < data.length; i++) { sum += data[i]!; if (data[i] !== 0) allZero = false; }
  return { ...r, shape: [rows, cols], data, sum, allZero, metadata: { ...r.metadata, frames: r.shape.length === 3 ? r.shape[0] : 1, frame: opts.frame ?? 'sum' } };
}

/** HAADF first, else a dark-field image; with the reason. */
function pickHaadf(cands: ImageRecord[]): { record: ImageRecord; why: string } | null {
  for (const kind of ['HAADF', 'DF'] as const) {
    const hits = cands.filter((r) => r.signal === kind && !r.allZero);
    if (hits.length > 0) {
      // Several: the one with the most frames (the full acquisition), then the first.
      const best = hits.reduce((a, b) => ((b.shape.length === 3 ? b.shape[0]! : 1) > (a.shape.length === 3 ? a.shape[0]! : 1) ? b : a));
      const detector = typeof best.metadata['detector'] === 'string' ? `detector ${best.metadata['detector']}` : `signal ${kind}`;
      const others = hits.length > 1 ? `; ${hits.length - 1} other ${kind} image(s) not used` : '';
      return { record: best, why: `'${best.title}' (${detector})${kind === 'DF' ? ', no HAADF image in the file' : ''}${others}` };
    }
  }
  return null;
}

/** One file holding a HAADF (or dark-field) image plus element maps on the same grid. */
export async function readDataset(file: string): Promise<Dataset> {
  const all = await readImages(file);
  const images = all.filter(isImage);
  const notes: string[] = [];
  const haadf = pickHaadf(images);
  const stream = all.some((r) => typeof r.metadata['spectrumImage'] === 'string');
  if (!haadf) {
    const spectra = all.filter((r) => r.shape.length === 1 && (r.signal === 'EELS' || r.signal === 'EDX'));
    if (spectra.length > 0 && spectra.length === all.length) {
      const s = spectra[0]!;
      throw new InputError(file, `is ${spectra.length === 1 ? `a single ${s.signal} spectrum` : `${spectra.length} spectra`} ('${s.title}', ${s.shape[0]} channels), not images: fusion needs a HAADF with element maps, or a spectrum image (fusem info shows it; the app's Import dialog plots it)`);
    }
    throw new InputError(file, `holds no HAADF or dark-field image (images: ${all.map(describe).join(', ') || 'none'})`);
  }
  const [rows, cols] = gridOf(haadf.record);
  notes.push(`HAADF: ${haadf.why}`);
  const maps: Dataset['maps'] = [];
  const used: string[] = [];
  for (const r of images) {
    if (r === haadf.record || r.element === null) continue;
    const [h, w] = gridOf(r);
    if (r.allZero) { notes.push(`map ${describe(r)} excluded: all its values are zero`); continue; }
    if (h !== rows || w !== cols) { notes.push(`map ${describe(r)} excluded: its grid ${h}×${w} differs from the HAADF's ${rows}×${cols}`); continue; }
    if (maps.some((m) => m.element === r.element)) { notes.push(`map ${describe(r)} excluded: a map of ${r.element} was already taken`); continue; }
    maps.push({ element: r.element, data: toFrame(r, 'sum'), title: r.title });
    used.push(`${r.element} from ${typeof r.metadata['path'] === 'string' ? r.metadata['path'] : `'${r.title}'`}`);
  }
  if (maps.length === 0) {
    const why = stream ? `; ${SPECTRUM_STREAM_NOTE}` : '';
    throw new InputError(file, `holds no element maps (only ${all.map(describe).join(', ')})${why}`);
  }
  notes.push(`maps: ${used.join(', ')}`);
  if (stream) notes.push(SPECTRUM_STREAM_NOTE);
  const frames = haadf.record.shape.length === 3 ? haadf.record.shape[0]! : 1;
  if (frames > 1) notes.push(`HAADF: ${frames} frames summed`);
  return {
    width: cols, height: rows, haadf: toFrame(haadf.record, 'sum'), haadfTitle: haadf.record.title, maps,
    pixelSize: haadf.record.pixelSize, unit: haadf.record.unit, notes,
  };
}
