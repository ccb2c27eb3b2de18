// What the app shows of a spectrum image besides its maps (issue 11): the edges/lines inside its axis, the spectrum of a
// pixel or region, its total counts per pixel. Pure functions on a SpectrumImage (the compute process answers with them).

import { InputError } from '../io/errors.js';
import { blockSpectrum, rangeEv } from './cube.js';
import { edgesOf, elementsWithEdges } from './edges.js';
import { EDX_MIN_EV } from './edx-lines.js';
import { familiesOf, familyLines, elementsWithLines } from './lines.js';
import type { SpectrumImage } from './types.js';
import { atomicNumber, isElementSymbol } from '../model/elements.js';

/** A pixel or a rectangle of pixels [x0, x1) × [y0, y1). */
export type SpectrumRegion = { kind: 'point'; x: number; y: number } | { kind: 'rect'; x0: number; y0: number; x1: number; y1: number };

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

/** The spectrum of a pixel or a rectangle of pixels (clipped to the scan), and how many pixels it sums. */
export function regionSpectrum(si: SpectrumImage, region: SpectrumRegion): { pixels: number; counts: Float32Array } {
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

