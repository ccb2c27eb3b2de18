// Spectrum-image datasets in the app (issue 11): the SI read once and held (the last two), its sum and region
// spectra, the edges/lines it covers, and element maps made by src/compute/spectra with the project's map settings
// (or the settings the spectrum panel is trying), plus the fusion inputs they give. No science here: it calls
// compute/spectra and compute/io/load-spectrum-image as `fusem maps` and `fusem fuse --input SI` do.

import { InputError } from '../../../compute/io/errors.js';
import { haadfOnGrid, mapSpectrumImage, spectrumImageInputs } from '../../../compute/io/load-spectrum-image.js';
import type { LoadedInputs } from '../../../compute/io/load-inputs.js';
import { readSpectra, readSpectrumImage } from '../../../compute/io/spectra/read.js';
import type { ImageRecord } from '../../../compute/io/types.js';
import { blockSpectrum, rangeEv, sumSpectrum } from '../../../compute/spectra/cube.js';
import { edgesOf, elementsWithEdges } from '../../../compute/spectra/edges.js';
import { EDX_MIN_EV } from '../../../compute/spectra/edx-lines.js';
import { familiesOf, familyLines, elementsWithLines } from '../../../compute/spectra/lines.js';
import { makeElementMaps, type ElementMaps, type MapRequest } from '../../../compute/spectra/make-maps.js';
import type { SpectrumImage } from '../../../compute/spectra/types.js';
import { atomicNumber, isElementSymbol } from '../../../compute/model/elements.js';
import type { MapSettings } from '../../../shared/api/schemas/spectrum.js';

export interface HeldSpectrumImage { file: string; si: SpectrumImage; images: ImageRecord[]; haadf: Float32Array | null; sum: Float64Array }

/** The kind of spectrum image a file holds when it holds exactly one, else null (never throws for a readable non-SI file). */
export async function spectrumImageKind(file: string): Promise<'EELS' | 'EDX' | null> {
  const c = await readSpectra(file).catch(() => null);
  return c && c.spectrumImages.length === 1 ? c.spectrumImages[0]!.kind : null;
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
  for (const key of ['edxMethod', 'energyBin', 'pixelBin', 'resolutionMnKa'] as const) if (s[key] !== undefined) (out as Record<string, unknown>)[key] = s[key];
  return out;
}

/** Edge names as microscopists write them. */
const EDGE_LABEL: Record<string, string> = { K: 'K', L3: 'L2,3', M5: 'M4,5' };

/** The major edges (EELS: K, L₂,₃, M₄,₅ onsets) or line families (EDX: Kα, Lα, Mα) of every element inside the axis. */
export function markersOnAxis(si: SpectrumImage): { element: string; name: string; energyEv: number }[] {
  const [lo, hi] = rangeEv(si.energy);
  const out: { element: string; name: string; energyEv: number }[] = [];
  if (si.kind === 'EELS') {
    for (const el of elementsWithEdges()) {
      for (const e of edgesOf(el)) if (EDGE_LABEL[e.shell] && e.onset > lo && e.onset < hi) out.push({ element: el, name: EDGE_LABEL[e.shell]!, energyEv: e.onset });
    }
    return out;
  }
  const top = Math.min(hi, si.acquisition.beamEnergyKeV !== null ? si.acquisition.beamEnergyKeV * 1000 : hi);
  for (const el of elementsWithLines()) {
    if (!isElementSymbol(el)) continue;
    for (const f of familiesOf(el)) {
      const main = familyLines(el, f, atomicNumber(el))[0];
      if (!main) continue;
      const e = main.energy * 1000;
      if (e >= Math.max(lo, EDX_MIN_EV) && e <= top) out.push({ element: el, name: `${f}α`, energyEv: e });
    }
  }
  return out;
}

/** The spectrum images of the open project's datasets, read on first use and held (the two most recent). */
export class SpectrumImageStore {
  private readonly held = new Map<string, HeldSpectrumImage>();

  /** The SI of dataset `id` (its one file), read now or taken from memory. */
  async get(id: string, file: string): Promise<HeldSpectrumImage> {
    const hit = this.held.get(id);
    if (hit && hit.file === file) {
      this.held.delete(id);
      this.held.set(id, hit); // most recent last
      return hit;
    }
    const { si, images } = await readSpectrumImage(file);
    const entry: HeldSpectrumImage = { file, si, images, haadf: haadfOnGrid(si, images), sum: sumSpectrum(si) };
    this.held.set(id, entry);
    while (this.held.size > 2) this.held.delete(this.held.keys().next().value!);
    return entry;
  }

  clear(): void { this.held.clear(); }
}

/** The spectrum of a pixel or a rectangle of pixels (clipped to the scan), and how many pixels it sums. */
export function regionSpectrum(si: SpectrumImage, region: { kind: 'point'; x: number; y: number } | { kind: 'rect'; x0: number; y0: number; x1: number; y1: number }): { pixels: number; counts: Float32Array } {
  const [y0, y1, x0, x1] = region.kind === 'point' ? [region.y, region.y + 1, region.x, region.x + 1] : [region.y0, region.y1, region.x0, region.x1];
  const cy0 = Math.max(0, Math.min(y0, y1)), cy1 = Math.min(si.rows, Math.max(y0, y1));
  const cx0 = Math.max(0, Math.min(x0, x1)), cx1 = Math.min(si.cols, Math.max(x0, x1));
  if (cy1 <= cy0 || cx1 <= cx0) throw new InputError(si.source.file, `the region lies outside the ${si.cols}×${si.rows} scan`);
  return { pixels: (cy1 - cy0) * (cx1 - cx0), counts: Float32Array.from(blockSpectrum(si, cy0, cy1, cx0, cx1)) };
}

/** The SI's total counts per pixel: the image shown where the file holds no HAADF. */
export function countsImage(si: SpectrumImage): Float32Array {
  const out = new Float32Array(si.rows * si.cols);
  const { data, pixelStride: ps, channelStride: cs } = si;
  for (let p = 0; p < out.length; p++) {
    let s = 0;
    for (let c = 0, k = p * ps; c < si.energy.size; c++, k += cs) s += data[k]!;
    out[p] = s;
  }
  return out;
}

/** Element maps of a held SI with these settings. */
export function mapsOf(entry: HeldSpectrumImage, settings: MapSettings): ElementMaps {
  return makeElementMaps(entry.si, mapRequestOf(settings));
}

/** Fusion inputs of a held SI: the maps these settings make, and the HAADF acquired with it. */
export async function spectrumDatasetInputs(entry: HeldSpectrumImage, settings: MapSettings | null): Promise<LoadedInputs> {
  if (!settings || settings.elements.length === 0) {
    throw new InputError(entry.file, 'no elements are chosen to map this spectrum image: pick them on the Spectrum tab’s periodic table and press “Make maps”');
  }
  if (!entry.haadf) {
    throw new InputError(entry.file, 'holds no HAADF image on the spectrum image’s grid, and fusion needs one: its maps can be made (Spectrum tab) but not fused here; `fusem fuse --input SI --haadf FILE` pairs it with a HAADF file');
  }
  const request = mapRequestOf(settings);
  return spectrumImageInputs(entry.file, mapSpectrumImage(entry.si, entry.images, request), request);
}
