// `fusem info FILE [--json]`: list what a file holds (DESIGN.md §4; issue 3). Exit 0 ok, 2 bad input.

import { isInputError } from '../../compute/io/errors.js';
import { readImages, type ImageRecord } from '../../compute/io/index.js';
import { readSpectra, type SpectraContents } from '../../compute/io/spectra/read.js';
import { describeSpectrumImage, describeSpectrum, type SpectrumInfo } from '../../compute/spectra/describe.js';
import type { CliIo } from '../io.js';

/** One image as `fusem info --json` prints it. */
export interface InfoImage {
  title: string;
  signal: ImageRecord['signal'];
  element: string | null;
  shape: number[];
  dtype: string;
  pixelSize: [number, number] | null;
  unit: string | null;
  allZero?: true;
}

export function infoImage(r: ImageRecord): InfoImage {
  const o: InfoImage = { title: r.title, signal: r.signal, element: r.element, shape: r.shape, dtype: r.dtype, pixelSize: r.pixelSize, unit: r.unit };
  if (r.allZero) o.allZero = true;
  return o;
}

function textLine(i: number, r: ImageRecord): string {
  const cal = r.pixelSize ? `pixel ${r.pixelSize[0]} × ${r.pixelSize[1]} ${r.unit ?? '(no unit)'}` : 'uncalibrated';
  const what = r.element ? `${r.signal} map of ${r.element}` : r.signal;
  return `  [${i}] '${r.title}'  ${what}  ${r.shape.join('×')} ${r.dtype}  ${cal}${r.allZero ? '  ALL ZERO (not used)' : ''}`;
}

/** `fusem info`. `io` is the CLI's stdout/stderr pair, or just a stdout line writer (stderr then goes to the process). */
export async function infoCommand(args: string[], io: CliIo | ((line: string) => void)): Promise<number> {
  const out = typeof io === 'function' ? io : io.out;
  const err = typeof io === 'function' ? (line: string): void => { process.stderr.write(`${line}\n`); } : io.err;
  const json = args.includes('--json');
  const rest = args.filter((a) => a !== '--json');
  const unknown = rest.filter((a) => a.startsWith('--'));
  if (unknown.length > 0 || rest.length !== 1) {
    err(`fusem info: ${unknown.length > 0 ? `unknown option ${unknown[0]}` : 'expected one FILE'} (usage: fusem info FILE [--json])`);
    return 2;
  }
  const file = rest[0]!;
  let records: ImageRecord[];
  let spectra: SpectraContents = { spectrumImages: [], spectra: [], images: [], notes: [] };
  try {
    records = await readImages(file);
    // Spectrum images and spectra (issue 11); an SI fusem cannot decode is a note, not a failure of `info`.
    spectra = await readSpectra(file).catch((e: unknown) => {
      if (isInputError(e)) return { spectrumImages: [], spectra: [], images: [], notes: [e.message] };
      throw e;
    });
  } catch (e) {
    if (isInputError(e)) { err(`fusem info: ${e.message}`); return 2; }
    throw e;
  }
  const spectral: SpectrumInfo[] = [...spectra.spectrumImages.map(describeSpectrumImage), ...spectra.spectra.map(describeSpectrum)];
  if (json) {
    out(JSON.stringify({ file, images: records.map(infoImage), spectra: spectral, ...(spectra.notes.length > 0 ? { spectraNotes: spectra.notes } : {}) }));
  } else {
    out(`${file}: ${records.length} image${records.length === 1 ? '' : 's'}`);
    records.forEach((r, i) => out(textLine(i, r)));
    for (const s of spectral) out(`  ${s.text}`);
    for (const n of spectra.notes) out(`  note: ${n}`);
    const notes = [...new Set(records.map((r) => r.metadata['spectrumImage']).filter((n): n is string => typeof n === 'string'))];
    for (const n of notes) out(`  note: ${n}`);
  }
  return 0;
}
