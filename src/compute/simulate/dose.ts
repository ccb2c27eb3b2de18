// Dose model: a simulated simultaneous acquisition of a HAADF image and EDX/EELS maps from a phantom.
//
// Maps:  b_i ~ Poisson(s·k_i·t_i), k_i the element's sensitivity (counts per atom relative to the others: k-factor ×
//        cross-section × detector efficiency; 1 by default), s = chemDose / max_{i,p} k_i·t_i[p] (chemDose: expected counts
//        in the brightest pixel of the brightest map), or s chosen so the pooled chemical SNR sqrt(mean over material of
//        s·k_i·t_i) equals chemSnr.
// HAADF: b_H = Poisson(h·Σ_i a_i t_i^γ) + N(0, σ_read²) + offset   (DESIGN.md §1 forward model, paper weighting by default),
//        h = haadfDose / max_p Σ_i a_i t_i^γ, or h chosen so the nominal HAADF SNR μ̄/sqrt(μ̄ + σ_read²) equals haadfSnr.
// SNR definitions are in snr.ts. Maps and HAADF draw from separate seeded streams, so changing one dose leaves the
// other's noise unchanged.

import { forwardModel } from '../model/forward.js';
import { describeWeighting, elementWeights, type Weighting } from '../model/weighting.js';
import type { Phantom } from './phantom.js';
import { createRng } from './random.js';
import { countsForSnr, materialMask, maskedMean, nominalSnr } from './snr.js';

export interface AcquisitionOptions {
  /** Seed of the noise (default 1). */
  seed?: number;
  /** Expected counts in the brightest pixel of the brightest elemental map. Exclusive with chemSnr. Default 10. */
  chemDose?: number;
  /** Target pooled chemical SNR = sqrt(mean expected counts over material pixels). Exclusive with chemDose. */
  chemSnr?: number;
  /** Expected HAADF counts (above the offset) at the brightest pixel. Exclusive with haadfSnr. Default 1000. */
  haadfDose?: number;
  /** Target HAADF SNR = μ̄ / sqrt(μ̄ + σ_read²), μ̄ the mean expected counts over material pixels. Exclusive with haadfDose. */
  haadfSnr?: number;
  /** Gaussian read-noise σ of the HAADF detector, counts (default 0). */
  readNoise?: number;
  /** Constant HAADF offset (dark level), counts (default 0). */
  offset?: number;
  /** HAADF exponent γ (default 1.7). */
  gamma?: number;
  /** Z-weighting of the HAADF forward model (default 'paper'). */
  weighting?: Weighting;
  /** Per-element sensitivity k_i (map counts per atom, relative), by element symbol; elements not named get 1. */
  sensitivities?: Readonly<Record<string, number>>;
}

/** Everything needed to reproduce and interpret an acquisition. */
export interface AcquisitionSettings {
  seed: number;
  gamma: number;
  weighting: string;
  /** a_i, in the phantom's element order. */
  weights: number[];
  /** s: expected map counts per unit of truth; chemDose = s·max truth. */
  chemScale: number;
  chemDose: number;
  /** k_i, by element: map_i ~ Poisson(chemScale·k_i·t_i). */
  sensitivities: Record<string, number>;
  /** Nominal pooled chemical SNR, and per element (same definition, each element's own material pixels). */
  chemSnr: number;
  chemSnrByElement: Record<string, number>;
  /** h: expected HAADF counts per unit of Σ a_i t_i^γ; haadfDose = h·max Σ a_i t_i^γ. */
  haadfScale: number;
  haadfDose: number;
  haadfSnr: number;
  readNoise: number;
  offset: number;
  /** Fraction of pixels counted as material for the HAADF SNR. */
  materialFraction: number;
}

export interface Acquisition {
  /** Noisy HAADF: Poisson counts + read noise + offset. */
  haadf: Float32Array;
  /** Noisy elemental maps, stacked in the phantom's element order: Poisson counts. */
  maps: Float32Array;
  /** Expected map counts s·k_i·t_i, same units and layout as `maps`. */
  truthMaps: Float32Array;
  /** Expected HAADF h·Σ a_i t_i^γ + offset, same units as `haadf`. */
  haadfClean: Float32Array;
  settings: AcquisitionSettings;
}

function positive(name: string, v: number | undefined): void {
  if (v !== undefined && !(Number.isFinite(v) && v > 0)) throw new RangeError(`${name} must be a finite number > 0, got ${v}`);
}

/** k_i in `elements` order (1 where not given); a RangeError for an unknown element or a k that is not finite and > 0. */
function sensitivityVector(elements: readonly string[], given: Readonly<Record<string, number>> = {}): Float64Array {
  for (const [el, v] of Object.entries(given)) {
    if (!elements.includes(el)) throw new RangeError(`sensitivity given for ${el}, which is not in the phantom (${elements.join(', ')})`);
    if (!(Number.isFinite(v) && v > 0)) throw new RangeError(`the sensitivity of ${el} must be a finite number > 0, got ${v}`);
  }
  return Float64Array.from(elements, (el) => given[el] ?? 1);
}

/** Simulates a HAADF image and elemental count maps of `phantom`; deterministic for a seed. */
export function simulateAcquisition(phantom: Phantom, opts: AcquisitionOptions = {}): Acquisition {
  const { width, height, elements, truth } = phantom;
  const n = width * height;
  const ne = elements.length;
  if (truth.length !== ne * n) throw new RangeError(`phantom truth has ${truth.length} values, expected ${ne}×${n}`);
  if (opts.chemDose !== undefined && opts.chemSnr !== undefined) throw new RangeError('give the chemical dose or the chemical SNR, not both');
  if (opts.haadfDose !== undefined && opts.haadfSnr !== undefined) throw new RangeError('give the HAADF dose or the HAADF SNR, not both');
  positive('chemDose', opts.chemDose);
  positive('chemSnr', opts.chemSnr);
  positive('haadfDose', opts.haadfDose);
  positive('haadfSnr', opts.haadfSnr);
  positive('gamma', opts.gamma);
  const seed = opts.seed ?? 1;
  const gamma = opts.gamma ?? 1.7;
  const weighting = opts.weighting ?? 'paper';
  const readNoise = opts.readNoise ?? 0;
  const offset = opts.offset ?? 0;
  if (!(Number.isFinite(readNoise) && readNoise >= 0)) throw new RangeError(`readNoise must be ≥ 0, got ${readNoise}`);
  if (!Number.isFinite(offset)) throw new RangeError(`offset must be finite, got ${offset}`);

  // --- elemental maps ---
  const k = sensitivityVector(elements, opts.sensitivities);
  const counted = Float32Array.from(truth, (t, j) => k[Math.floor(j / n)]! * t); // k_i·t_i
  let maxTruth = 0;
  for (let j = 0; j < counted.length; j++) maxTruth = Math.max(maxTruth, counted[j]!);
  if (!(maxTruth > 0)) throw new RangeError(`phantom ${phantom.name} has no material`);
  const masks = elements.map((_, i) => materialMask(truth, n, i * n));
  let pooledSum = 0;
  let pooledCount = 0;
  masks.forEach((mask, i) => {
    for (let p = 0; p < n; p++) if (mask[p]) { pooledSum += counted[i * n + p]!; pooledCount++; }
  });
  const meanTruth = pooledSum / pooledCount;
  // s from the dose (peak counts) or from the SNR: sqrt(s·mean_M k·t) = SNR → s = SNR² / mean_M k·t
  const chemScale = opts.chemSnr !== undefined ? (opts.chemSnr * opts.chemSnr) / meanTruth : (opts.chemDose ?? 10) / maxTruth;
  const mapRng = createRng(seed, 1);
  const maps = new Float32Array(ne * n);
  const truthMaps = new Float32Array(ne * n);
  for (let j = 0; j < ne * n; j++) {
    const lambda = chemScale * counted[j]!;
    truthMaps[j] = lambda;
    maps[j] = mapRng.poisson(lambda);
  }
  const chemSnrByElement: Record<string, number> = {};
  elements.forEach((el, i) => {
    chemSnrByElement[el] = nominalSnr(chemScale * maskedMean(counted, masks[i]!, i * n));
  });

  // --- HAADF ---
  const weights = elementWeights(elements, weighting, gamma);
  const model = forwardModel(truth, weights, gamma, n); // Σ a_i t_i^γ
  let maxModel = 0;
  for (let p = 0; p < n; p++) maxModel = Math.max(maxModel, model[p]!);
  const haadfMask = materialMask(model, n);
  const meanModel = maskedMean(model, haadfMask);
  let haadfScale: number;
  if (opts.haadfSnr !== undefined) haadfScale = countsForSnr(opts.haadfSnr, readNoise) / meanModel;
  else haadfScale = (opts.haadfDose ?? 1000) / maxModel;
  const haadfRng = createRng(seed, 2);
  const readRng = createRng(seed, 3);
  const haadf = new Float32Array(n);
  const haadfClean = new Float32Array(n);
  for (let p = 0; p < n; p++) {
    const lambda = haadfScale * model[p]!;
    haadfClean[p] = lambda + offset;
    haadf[p] = haadfRng.poisson(lambda) + offset + (readNoise > 0 ? readNoise * readRng.normal() : 0);
  }
  let materialPixels = 0;
  for (let p = 0; p < n; p++) materialPixels += haadfMask[p]!;

  return {
    haadf,
    maps,
    truthMaps,
    haadfClean,
    settings: {
      seed,
      gamma,
      weighting: describeWeighting(weighting),
      weights: Array.from(weights),
      chemScale,
      chemDose: chemScale * maxTruth,
      sensitivities: Object.fromEntries(elements.map((el, i) => [el, k[i]!])),
      chemSnr: nominalSnr(chemScale * meanTruth),
      chemSnrByElement,
      haadfScale,
      haadfDose: haadfScale * maxModel,
      haadfSnr: nominalSnr(haadfScale * meanModel, readNoise),
      readNoise,
      offset,
      materialFraction: materialPixels / n,
    },
  };
}
