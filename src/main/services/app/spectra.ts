// Spectrum-image datasets in the app (issue 11): each SI's summary (sum spectrum, edges/lines it covers, HAADF), region
// spectra and element maps with the project's map settings (or those the spectrum panel is trying), plus the fusion
// inputs they give — all computed by the compute process (the compute host's spectrum requests), which reads the SI
// and holds it, so the service stays responsive. No science here.

import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { ComputeHost } from '../../../compute/host/compute-host.js';
import type { SpectrumMapped, SpectrumSummary } from '../../../compute/host/spectrum-types.js';
import { InputError, isInputError } from '../../../compute/io/errors.js';
import { spectrumImageInputs } from '../../../compute/io/load-spectrum-image.js';
import { readImage } from '../../../compute/io/index.js';
import { splitLabel } from '../watcher/naming.js';
import type { LoadedInputs } from '../../../compute/io/load-inputs.js';
import type { MapRequest } from '../../../compute/spectra/make-maps.js';
import type { SpectrumRegion } from '../../../compute/spectra/views.js';
import type { MapSettings } from '../../../shared/api/schemas/spectrum.js';
import { RecentPromises } from '../../../compute/util/recent-promises.js';

/**
 * An SI dataset as the service holds it: its file, the HAADF file imported beside it (a DigitalMicrograph SI keeps its
 * ADF image in a file of its own), and its summary (with that HAADF); the cube itself is held by the compute process.
 */
export interface HeldSpectrumImage { file: string; haadfFile: string | null; summary: SpectrumSummary }

/**
 * The summary of the SI in `file`, with the HAADF of `haadfFile` in place of the one in the file (or of its total
 * counts) when given. InputError naming the HAADF file when it is not one image on the SI's grid.
 */
async function summaryWithHaadf(host: ComputeHost, file: string, haadfFile: string | null): Promise<SpectrumSummary> {
  return withHaadfFile(await host.spectrum({ op: 'summary', file }), file, haadfFile);
}

/** `summary` (of the SI in `file`) with the HAADF of `haadfFile` in its place, as summaryWithHaadf; itself when null. */
export async function withHaadfFile(summary: SpectrumSummary, file: string, haadfFile: string | null): Promise<SpectrumSummary> {
  if (haadfFile === null) return summary;
  const img = await readImage(haadfFile);
  const [rows, cols] = img.shape.slice(-2) as [number, number];
  if (rows !== summary.rows || cols !== summary.cols || img.data.length !== rows * cols) {
    throw new InputError(haadfFile, `is ${img.shape.join('×')} but the spectrum image ${file} is ${summary.rows}×${summary.cols} pixels: choose the HAADF acquired with it`);
  }
  return { ...summary, haadf: img.data, haadfTitle: img.title || path.basename(haadfFile), counts: null };
}

/**
 * The kind of spectrum image a file holds when it holds exactly one, else null (never throws for a readable non-SI file);
 * read by the compute process, which then holds the SI for the Spectrum tab. A failure of the compute process itself
 * (crashed, disposed) is thrown: it says nothing about the file.
 */
export async function spectrumImageKind(host: ComputeHost, file: string): Promise<'EELS' | 'EDX' | null> {
  return (await spectrumImageSummary(host, file))?.kind ?? null;
}

/** The summary of the one spectrum image a file holds, else null; thrown as spectrumImageKind throws. */
async function spectrumImageSummary(host: ComputeHost, file: string): Promise<SpectrumSummary | null> {
  return host.spectrum({ op: 'summary', file }).catch((e: unknown) => { if (isInputError(e)) return null; throw e; });
}

/** Why an SI dataset without a HAADF does not fuse, and the remedy (tested: tests/unit/app/si-with-haadf.test.ts). */
export const NO_HAADF_BESIDE_SI = 'holds no HAADF image on the spectrum image’s grid, and fusion needs one: import the spectrum image again together with its HAADF file (choose both in the Import dialog)';

/**
 * The spectrum image among an import's files: one file that is an SI, or two of which exactly one is (the other is its
 * HAADF; InputError when that one's name says an element). Null otherwise (then the files are imported as maps and a HAADF).
 */
export async function spectrumImageAmong(host: ComputeHost, files: readonly string[]): Promise<{ summary: SpectrumSummary; file: string; haadfFile: string | null } | null> {
  if (files.length !== 1 && files.length !== 2) return null;
  const summaries = await Promise.all(files.map((f) => spectrumImageSummary(host, f)));
  const at = summaries.findIndex((k) => k !== null);
  if (at < 0 || summaries.filter((k) => k !== null).length > 1) return null;
  const haadfFile = files.length === 2 ? files[1 - at]! : null;
  // the image beside it is taken as its HAADF: never one whose name says it is an element's map
  const label = haadfFile === null ? null : splitLabel(path.basename(haadfFile, path.extname(haadfFile)));
  if (haadfFile !== null && label && label.role !== 'HAADF') {
    throw new InputError(haadfFile, `its name says ${label.role}, an element's map: a spectrum image is imported with its HAADF image only (its maps are made from its spectra)`);
  }
  return { summary: summaries[at]!, file: files[at]!, haadfFile };
}

/** Map settings as the mapping code takes them. */
export function mapRequestOf(s: MapSettings): MapRequest {
  return {
    elements: [...s.elements],
    ...(s.lines ? { lines: { ...s.lines } } : {}),
    ...(s.preEdge ? { preEdge: { ...s.preEdge } } : {}),
    ...(s.signal ? { signal: { ...s.signal } } : {}),
    ...(s.background ? { background: { ...s.background } } : {}),
    ...(s.edxMethod ? { edxMethod: s.edxMethod } : {}),
    ...(s.energyBin ? { energyBin: s.energyBin } : {}),
    ...(s.pixelBin ? { pixelBin: s.pixelBin } : {}),
    ...(s.resolutionMnKa ? { resolutionMnKa: s.resolutionMnKa } : {}),
  };
}

/** Settings whose windows only name mapped elements (windows of an element taken off the table are dropped). */
export function trimmedSettings(s: MapSettings): MapSettings {
  const keep = <T>(r: Record<string, T> | undefined): Record<string, T> | undefined => {
    if (!r) return undefined;
    const out = Object.fromEntries(Object.entries(r).filter(([el]) => s.elements.includes(el)));
    return Object.keys(out).length > 0 ? out : undefined;
  };
  const out: MapSettings = { elements: [...s.elements] };
  for (const key of ['lines', 'preEdge', 'signal', 'background'] as const) {
    const v = keep(s[key] as Record<string, never> | undefined);
    if (v) (out as Record<string, unknown>)[key] = v;
  }
  for (const key of ['edxMethod', 'energyBin', 'pixelBin', 'resolutionMnKa', 'frames'] as const) if (s[key] !== undefined) (out as Record<string, unknown>)[key] = s[key];
  return out;
}

/**
 * The spectrum images of the open project's datasets: read, summarised, region spectra and maps made by the compute
 * process (compute/host/spectrum-requests.ts), so that a 1 GiB SI never blocks the service; the summaries are kept here
 * (the few most recent, until the file changes).
 */
export class SpectrumImageStore {
  /** Summaries by dataset, the most recent last; one under way is shared by the requests that arrive meanwhile. */
  private readonly held = new RecentPromises<HeldSpectrumImage>(4);
  constructor(private readonly host: ComputeHost) {}

  /** The SI of dataset `id` (its file, and the HAADF file beside it if any), summarised now or taken from memory. */
  async get(id: string, file: string, haadfFile: string | null = null): Promise<HeldSpectrumImage> {
    const stamp = async (f: string | null) => { const s = f === null ? null : await stat(f).catch(() => null); return `${f}|${s?.size}|${s?.mtimeMs}`; };
    return this.held.get(id, `${await stamp(file)}|${await stamp(haadfFile)}`, () => summaryWithHaadf(this.host, file, haadfFile).then((summary) => ({ file, haadfFile, summary })));
  }

  /** The spectrum of a pixel or rectangle of a held SI. */
  region(entry: HeldSpectrumImage, region: SpectrumRegion): Promise<{ pixels: number; counts: Float32Array }> {
    return this.host.spectrum({ op: 'region', file: entry.file, region });
  }

  /** Element maps of a held SI with these settings (and the HAADF on their grid). */
  maps(entry: HeldSpectrumImage, settings: MapSettings): Promise<SpectrumMapped> {
    return this.host.spectrum({ op: 'map', file: entry.file, request: mapRequestOf(settings), ...(settings.frames ? { frames: { ...settings.frames } } : {}) });
  }

  /** Fusion inputs of a held SI: the maps these settings make, and the HAADF acquired with it. */
  async inputs(entry: HeldSpectrumImage, settings: MapSettings | null): Promise<LoadedInputs> {
    if (!settings || settings.elements.length === 0) {
      throw new InputError(entry.file, 'no elements are chosen to map this spectrum image: pick them on the Spectrum tab’s periodic table and press “Make maps”');
    }
    if (!entry.summary.haadf) throw new InputError(entry.file, NO_HAADF_BESIDE_SI);
    return spectrumImageInputs(entry.file, await this.maps(entry, settings), mapRequestOf(settings), entry.haadfFile ?? undefined);
  }

  clear(): void { this.held.clear(); }
}

