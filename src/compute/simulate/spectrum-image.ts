// Seeded spectrum-image simulator (issue 11): a phantom's element maps as EELS edges on power-law backgrounds, or
// as EDX Gaussian line families on a Kramers bremsstrahlung, with Poisson counts; the HAADF from the dose model.
//
// EELS  μ(E) = A_p·(E/E_ref)^−r_p + Σ_i s·t_i[p]·J_i(E),  J_i(E) = (E/E_i)^−s_edge for E ≥ E_i (a sawtooth edge)
// EDX   μ(E) = b_p·(E₀ − E)/E·(1 − exp(−(E/0.6 keV)³)) + Σ_i s·k_i·t_i[p]·g_i(E)   (g_i: unit-count Gaussian family)
// The truth of each map is the expected count the mapping should recover: EELS, the edge counts in the element's
// default signal window; EDX, the family's total counts.

import { allFamiliesOnAxis, chooseFamily, type FamilyOnAxis } from '../spectra/edx-lines.js';
import { familyProfile } from '../spectra/edx-fit.js';
import { defaultEdge, edgeOnset, type EdgeShell } from '../spectra/edges.js';
import { defaultEelsWindows } from '../spectra/eels-map.js';
import { emptyAcquisition, type EnergyAxis, type SpectrumImage } from '../spectra/types.js';
import { windowChannels } from '../spectra/windows.js';
import { simulateAcquisition } from './dose.js';
import type { Phantom } from './phantom.js';
import { createRng } from './random.js';

export interface SpectrumImageSimOptions {
  seed?: number;
  /** Expected edge/line counts at the brightest pixel of the brightest map (default 200). */
  dose?: number;
  /** Background level: expected background counts per channel at the axis start, per pixel (EELS default 400; EDX 2 at 1 keV). */
  background?: number;
  /** EELS power-law exponent: mean and spatial spread (default 3, ±0.3 as a smooth ramp across the image). */
  exponent?: number;
  exponentSpread?: number;
  /** EELS edge decay exponent s (default 3). */
  edgeDecay?: number;
  /** Energy axis (default EELS 100–1123 eV at 1 eV; EDX −0.1–20.38 keV at 10 eV). */
  energy?: EnergyAxis;
  /** Edge per element (EELS) or family (EDX); defaults as fusem maps. */
  lines?: Record<string, string>;
  /** Relative sensitivities per element (default 1). */
  sensitivity?: Record<string, number>;
  /** EDX Mn Kα FWHM, eV (default 130); beam energy keV (default 200). */
  resolutionMnKa?: number;
  beamEnergyKeV?: number;
  /** HAADF SNR (default 20). */
  haadfSnr?: number;
  /**
   * EELS: the background grows by this factor from the top row to the bottom one (a wedge-shaped specimen: thickness
   * raises the background, not the edges; default 1, none).
   */
  backgroundRamp?: number;
}

export interface SimulatedSpectrumImage {
  si: SpectrumImage;
  haadf: Float32Array;
  /** Expected counts the mapping should recover, per element (phantom order). */
  truth: Float32Array[];
  /** Lines/edges simulated, per element. */
  lines: Record<string, string>;
  /** EELS: expected background counts under each element's default signal window (the oracle's subtraction). */
  windowBackground?: Float32Array[];
}

const DEFAULT_EELS_AXIS: EnergyAxis = { size: 1024, offset: 100, scale: 1, unit: 'eV' };
const DEFAULT_EDX_AXIS: EnergyAxis = { size: 2048, offset: -0.1, scale: 0.01, unit: 'keV' };

function mapsOf(phantom: Phantom): Float32Array[] {
  const n = phantom.width * phantom.height;
  return phantom.elements.map((_, i) => phantom.truth.subarray(i * n, (i + 1) * n));
}

function peak(maps: Float32Array[]): number {
  let m = 0;
  for (const a of maps) for (const v of a) m = Math.max(m, v);
  return m;
}

/** An EELS spectrum image of a phantom. */
export function simulateEelsSpectrumImage(phantom: Phantom, opts: SpectrumImageSimOptions = {}): SimulatedSpectrumImage {
  const axis = opts.energy ?? DEFAULT_EELS_AXIS;
  const { width, height, elements } = phantom;
  const n = width * height;
  const maps = mapsOf(phantom);
  const top = peak(maps);
  const scale = (opts.dose ?? 200) / top;
  const bg0 = opts.background ?? 400;
  const r0 = opts.exponent ?? 3, dr = opts.exponentSpread ?? 0.3;
  const sEdge = opts.edgeDecay ?? 3;
  const ramp = opts.backgroundRamp ?? 1;
  if (!(ramp > 0)) throw new RangeError(`backgroundRamp must be > 0 (got ${ramp})`);
  const lo = axis.offset, hi = axis.offset + axis.scale * (axis.size - 1);
  const edges = elements.map((el) => {
    const name = opts.lines?.[el] as EdgeShell | undefined;
    const onset = name ? edgeOnset(el, name) : defaultEdge(el, lo, hi)?.onset ?? null;
    if (onset === null) throw new RangeError(`no edge of ${el} on the simulated axis`);
    return { el, onset, shell: name ?? defaultEdge(el, lo, hi)!.shell };
  });
  const E = Float64Array.from({ length: axis.size }, (_, c) => axis.offset + axis.scale * c);
  // Edge shapes per channel (unit height at onset), and their expected counts in each default signal window.
  const shapes = edges.map(({ onset }) => E.map((e) => (e >= onset ? (e / onset) ** -sEdge : 0)));
  const windowSum = edges.map(({ onset }, i) => {
    const [c0, c1] = windowChannels(axis, defaultEelsWindows(onset).signal);
    let s = 0;
    for (let c = c0; c < c1; c++) s += shapes[i]![c]!;
    return s;
  });
  const rng = createRng(opts.seed ?? 1, 11);
  const data = new Float32Array(n * axis.size);
  const truth = elements.map(() => new Float32Array(n));
  const sens = elements.map((el) => opts.sensitivity?.[el] ?? 1);
  const logE = E.map((e) => Math.log(e / E[0]!));
  const sigCh = edges.map(({ onset }) => windowChannels(axis, defaultEelsWindows(onset).signal));
  const windowBackground = elements.map(() => new Float32Array(n));
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = y * width + x;
      const r = r0 + dr * (2 * x / Math.max(1, width - 1) - 1);
      // Thickness-like background amplitude: more where there is material.
      let mass = 0;
      for (let i = 0; i < maps.length; i++) mass += maps[i]![p]!;
      const wedge = 1 + (ramp - 1) * (y / Math.max(1, height - 1));
      const a = bg0 * wedge * (0.5 + mass / Math.max(1e-12, top));
      const heights = elements.map((_, i) => scale * sens[i]! * maps[i]![p]! / windowSum[i]!);
      elements.forEach((_, i) => { truth[i]![p] = heights[i]! * windowSum[i]!; });
      const base = p * axis.size;
      for (let c = 0; c < axis.size; c++) {
        let mu = a * Math.exp(-r * logE[c]!);
        for (let i = 0; i < elements.length; i++) {
          const [c0, c1] = sigCh[i]!;
          // Background for element i: the power law plus the tails of the other (lower) edges.
          if (c >= c0 && c < c1) for (let j = 0; j < elements.length; j++) if (j !== i) windowBackground[i]![p] += heights[j]! * shapes[j]![c]!;
          if (c >= c0 && c < c1) windowBackground[i]![p] += a * Math.exp(-r * logE[c]!);
          mu += heights[i]! * shapes[i]![c]!;
        }
        data[base + c] = rng.poisson(mu);
      }
    }
  }
  const acq = emptyAcquisition();
  acq.beamEnergyKeV = opts.beamEnergyKeV ?? 200;
  acq.detector = 'simulated spectrometer';
  const si: SpectrumImage = {
    title: `simulated EELS SI of ${phantom.name}`, kind: 'EELS', rows: height, cols: width, energy: axis, data,
    pixelStride: axis.size, channelStride: 1, pixelSize: null, unit: null, acquisition: acq,
    source: { file: `simulated:${phantom.name}`, format: 'simulated' }, notes: [],
  };
  const haadf = simulateAcquisition(phantom, { seed: opts.seed ?? 1, haadfSnr: opts.haadfSnr ?? 20, chemDose: 1 }).haadf;
  return { si, haadf, truth, lines: Object.fromEntries(edges.map((e) => [e.el, e.shell])), windowBackground };
}

/** An EDX spectrum image of a phantom (all families of each element on the axis are emitted). */
export function simulateEdxSpectrumImage(phantom: Phantom, opts: SpectrumImageSimOptions = {}): SimulatedSpectrumImage {
  const axis = opts.energy ?? DEFAULT_EDX_AXIS;
  const { width, height, elements } = phantom;
  const n = width * height;
  const maps = mapsOf(phantom);
  const scale = (opts.dose ?? 200) / peak(maps);
  const fwhm = opts.resolutionMnKa ?? 130;
  const beam = opts.beamEnergyKeV ?? 200;
  const dE = axis.scale * 1000;
  const E = Float64Array.from({ length: axis.size }, (_, c) => (axis.offset + axis.scale * c) * 1000);
  const chosen = elements.map((el) => chooseFamily('simulated', el, axis, fwhm, beam, opts.lines?.[el] as 'K' | 'L' | 'M' | undefined));
  // Every family emits; relative family yields: the chosen one 1, others 0.5 (so a second family is present but not mapped).
  const families: { i: number; f: FamilyOnAxis; yield: number; profile: Float64Array }[] = [];
  elements.forEach((el, i) => {
    for (const f of allFamiliesOnAxis(el, axis, fwhm, beam)) {
      families.push({ i, f, yield: f.family === chosen[i]!.family ? 1 : 0.5, profile: familyProfile(f, E, dE, fwhm) });
    }
  });
  const e0 = beam * 1000;
  const brems = E.map((e) => (e > 50 && e < e0 ? ((e0 - e) / e) * (1 - Math.exp(-((e / 600) ** 3))) : 0));
  const b1 = brems[Math.round((1000 - E[0]!) / dE)] ?? 1;
  const bg0 = (opts.background ?? 2) / Math.max(1e-12, b1);
  const sens = elements.map((el) => (opts.sensitivity?.[el] ?? 1));
  const rng = createRng(opts.seed ?? 1, 12);
  const data = new Uint16Array(n * axis.size);
  const truth = elements.map(() => new Float32Array(n));
  const mu = new Float64Array(axis.size);
  const pk = peak(maps);
  for (let p = 0; p < n; p++) {
    let mass = 0;
    for (let i = 0; i < maps.length; i++) mass += maps[i]![p]!;
    const b = bg0 * (0.3 + mass / pk);
    for (let c = 0; c < axis.size; c++) mu[c] = b * brems[c]!;
    for (const fam of families) {
      const amp = scale * sens[fam.i]! * maps[fam.i]![p]! * fam.yield;
      if (fam.yield === 1) truth[fam.i]![p] = amp;
      if (amp === 0) continue;
      for (let c = 0; c < axis.size; c++) mu[c] += amp * fam.profile[c]!;
    }
    const base = p * axis.size;
    for (let c = 0; c < axis.size; c++) data[base + c] = Math.min(65535, rng.poisson(mu[c]!));
  }
  const acq = emptyAcquisition();
  acq.beamEnergyKeV = beam;
  acq.resolutionMnKa = fwhm;
  acq.detector = 'simulated SDD';
  const si: SpectrumImage = {
    title: `simulated EDX SI of ${phantom.name}`, kind: 'EDX', rows: height, cols: width, energy: axis, data,
    pixelStride: axis.size, channelStride: 1, pixelSize: null, unit: null, acquisition: acq,
    source: { file: `simulated:${phantom.name}`, format: 'simulated' }, notes: [],
  };
  const haadf = simulateAcquisition(phantom, { seed: opts.seed ?? 1, haadfSnr: opts.haadfSnr ?? 20, chemDose: 1 }).haadf;
  return { si, haadf, truth, lines: Object.fromEntries(elements.map((el, i) => [el, chosen[i]!.family])) };
}
