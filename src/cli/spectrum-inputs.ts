// Command-line options that turn a spectrum image into element maps (issue 11), shared by `fusem maps` and
// `fusem fuse --input SI --elements …`, and the loading of an SI as fusion inputs.

import path from 'node:path';
import { InputError } from '../compute/io/errors.js';
import { readImage } from '../compute/io/index.js';
import { readSpectrumImage, type FrameSelection } from '../compute/io/spectra/read.js';
import type { ImageRecord } from '../compute/io/types.js';
import { makeElementMaps, type ElementMaps, type MapRequest } from '../compute/spectra/make-maps.js';
import type { SpectrumImage } from '../compute/spectra/types.js';
import type { Window } from '../compute/spectra/windows.js';
import { numberOption, single, UsageError, type ParsedArgs } from './args.js';
import type { LoadedInputs } from './load-inputs.js';
import { sha256 } from './load-inputs.js';

export const MAP_VALUED = ['elements', 'edge', 'line', 'bin-energy', 'bin-pixels', 'edx-method', 'resolution', 'frames', 'background-fit', 'exponent', 'pre-edge', 'signal-window'] as const;

export const MAP_USAGE = '--elements Co,Mn,O [--edge Co=L3 …] [--line Mo=L …] [--pre-edge O=480:525 …] [--signal-window O=532:582 …] '
  + '[--bin-energy N] [--bin-pixels N] [--frames F|F1-F2] [--edx-method fit|windows] [--resolution MnKa_FWHM_eV] '
  + '[--background-fit poisson|log-lsq] [--exponent local|sum|pixel]';

function pairs(args: ParsedArgs, name: string): [string, string][] {
  return (args.options.get(name) ?? []).flatMap((v) => v.split(',')).filter((v) => v.trim() !== '').map((v) => {
    const eq = v.indexOf('=');
    if (eq <= 0 || eq === v.length - 1) throw new UsageError(`--${name} needs ELEMENT=VALUE (got "${v}")`);
    return [v.slice(0, eq).trim(), v.slice(eq + 1).trim()];
  });
}

function windows(args: ParsedArgs, name: string): Record<string, Window> {
  const out: Record<string, Window> = {};
  for (const [el, v] of pairs(args, name)) {
    const m = /^(-?[\d.]+)\s*[:–-]\s*(-?[\d.]+)$/.exec(v);
    const a = m ? Number(m[1]) : NaN, b = m ? Number(m[2]) : NaN;
    if (!(Number.isFinite(a) && Number.isFinite(b) && b > a)) throw new UsageError(`--${name} ${el}=${v}: give START:END in eV with END > START`);
    out[el] = [a, b];
  }
  return out;
}

function frames(args: ParsedArgs): FrameSelection | undefined {
  const v = single(args, 'frames');
  if (v === undefined) return undefined;
  const m = /^(\d+)(?:-(\d+))?$/.exec(v.trim());
  if (!m) throw new UsageError(`--frames must be F or F1-F2, counted from 1 (got "${v}")`);
  const first = Number(m[1]) - 1, last = Number(m[2] ?? m[1]) - 1;
  if (first < 0 || last < first) throw new UsageError(`--frames must be F or F1-F2 with 1 ≤ F1 ≤ F2 (got "${v}")`);
  return { first, last };
}

/** The mapping request the options describe; null when --elements is absent. */
export function mapRequestFromArgs(args: ParsedArgs): { request: MapRequest; frames?: FrameSelection } | null {
  const el = single(args, 'elements');
  if (el === undefined) {
    const stray = MAP_VALUED.find((o) => o !== 'elements' && args.options.has(o));
    if (stray) throw new UsageError(`--${stray} applies to a spectrum image: give --elements too`);
    return null;
  }
  const elements = el.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const lines = Object.fromEntries([...pairs(args, 'edge'), ...pairs(args, 'line')]);
  const edx = single(args, 'edx-method');
  if (edx !== undefined && edx !== 'fit' && edx !== 'windows') throw new UsageError(`--edx-method must be fit or windows (got "${edx}")`);
  const bf = single(args, 'background-fit');
  if (bf !== undefined && bf !== 'poisson' && bf !== 'log-lsq') throw new UsageError(`--background-fit must be poisson or log-lsq (got "${bf}")`);
  const ex = single(args, 'exponent');
  if (ex !== undefined && ex !== 'local' && ex !== 'sum' && ex !== 'pixel') throw new UsageError(`--exponent must be local, sum or pixel (got "${ex}")`);
  const resolution = numberOption(args, 'resolution');
  if (resolution !== undefined && !(resolution > 0 && resolution < 1000)) throw new UsageError(`--resolution is the Mn Kα FWHM in eV, between 0 and 1000 (got ${resolution})`);
  const request: MapRequest = {
    elements, lines, preEdge: windows(args, 'pre-edge'), signal: windows(args, 'signal-window'),
    energyBin: numberOption(args, 'bin-energy'), pixelBin: numberOption(args, 'bin-pixels'),
    edxMethod: edx as MapRequest['edxMethod'], resolutionMnKa: resolution,
    eels: { fit: bf as 'poisson' | 'log-lsq' | undefined, exponent: ex as 'local' | 'sum' | 'pixel' | undefined },
  };
  const f = frames(args);
  return f ? { request, frames: f } : { request };
}

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

export interface MappedSpectrumImage { si: SpectrumImage; maps: ElementMaps; haadf: Float32Array | null; haadfTitle: string | null }

/** Read an SI file and map it. */
export async function mapSpectrumImageFile(file: string, request: MapRequest, frameSel?: FrameSelection): Promise<MappedSpectrumImage> {
  const { si, images } = await readSpectrumImage(file, frameSel ? { frames: frameSel } : {});
  const maps = makeElementMaps(si, request);
  const h = haadfOf(images);
  let haadf: Float32Array | null = null;
  if (h) {
    const [rows, cols] = h.shape.slice(-2) as [number, number];
    if (rows === si.rows && cols === si.cols) haadf = binImage(summedFrames(h), rows, cols, request.pixelBin ?? 1);
  }
  return { si, maps, haadf, haadfTitle: h?.title ?? null };
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
  const mapped = await mapSpectrumImageFile(file, request, frameSel);
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
    inputs: { width: maps.width, height: maps.height, haadf, elements: maps.elements, maps: maps.maps },
    files, pixelSize: maps.pixelSize, unit: maps.unit,
    notes: [...maps.notes, ...provenanceLines(maps), 'per-pixel variances of the maps are written by `fusem maps` (variance_<El>.npy); the fusion\'s data term does not take them yet'],
  };
}
