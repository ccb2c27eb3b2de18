// One cell of a dose/SNR sweep: for each noise realisation, simulate the phantom at the cell's HAADF and chemical
// SNR, fuse, and score the fused and the raw maps against the truth by NRMSE (metrics/nrmse.ts), per element.

import type { FusionBackend } from '../backend/types.js';
import { nrmse } from '../metrics/nrmse.js';
import { simulateAcquisition } from '../simulate/dose.js';
import type { Phantom } from '../simulate/phantom.js';
import { fuse, type FusionOptions, type FusionResult } from '../solve/fuse.js';
import type { FusionInputs } from '../solve/inputs.js';
import type { FusionParams } from '../solve/params.js';
import { standardErrorMaps } from '../uncertainty/index.js';
import { cellAt, makePhantom, noiseSeed, type SweepGrid } from './grid.js';

/** One noise realisation of a cell. */
export interface RealisationResult {
  r: number;
  /** The noise seed (grid.ts noiseSeed). */
  seed: number;
  /** NRMSE of the fused map against the truth, per element, and its mean over the elements. */
  nrmse: Record<string, number>;
  meanNrmse: number;
  /** The same for the raw (noisy, unfused) maps. */
  rawNrmse: Record<string, number>;
  rawMeanNrmse: number;
  /** Predicted relative error of the fused maps: mean over elements of (average standard error / RMS of the fused map). */
  relativeStderr: number;
  iterations: number;
  wallMs: number;
}

/** A finished cell: what sweep-store writes to cells/<k>.json. */
export interface CellResult {
  /** The grid this cell belongs to (grid.ts gridId). */
  gridId: string;
  cell: number;
  i: number;
  j: number;
  haadfSnr: number;
  chemSnr: number;
  elements: string[];
  realisations: RealisationResult[];
  /** Means over the realisations: per element, and over elements (the number the sweep's NRMSE matrix shows). */
  nrmse: Record<string, number>;
  meanNrmse: number;
  /** Sample standard deviation of meanNrmse over the realisations (0 for one realisation). */
  meanNrmseSd: number;
  rawNrmse: Record<string, number>;
  rawMeanNrmse: number;
  /**
   * The predicted relative error (uncertainty/standardErrorMaps, averaged over realisations): the one-number
   * summary the paper compares with the NRMSE. Normalised like NRMSE (by the map's RMS), so the two are comparable.
   */
  averageStderr?: number;
  backend: string;
  wallMs: number;
  finishedAt: string;
}

/** The fusion call, injectable (tests count calls; a host may route it elsewhere): given the sweep's backend, if any. */
export type FuseFn = (inputs: FusionInputs, params: FusionParams, options: Omit<FusionOptions, 'backend'> & { backend?: FusionBackend | undefined }) => Promise<FusionResult>;

/** fuse() on the sweep's backend: without an injected fusion, a sweep needs one. */
const fuseOnBackend: FuseFn = (inputs, params, options) => {
  const { backend } = options;
  if (!backend) throw new Error('a sweep needs a backend, or a fuse function that brings its own');
  return fuse(inputs, params, { ...options, backend });
};

export interface RunCellOptions {
  backend?: FusionBackend;
  signal?: AbortSignal;
  /** The sweep's phantom, when the caller already made it (makePhantom(grid)). */
  phantom?: Phantom;
  fuse?: FuseFn;
  /** After each realisation. */
  onRealisation?: (r: RealisationResult) => void;
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

function sd(xs: readonly number[]): number {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) * (x - m), 0) / (xs.length - 1));
}

/**
 * Fused map e in the input maps' units (counts), where the truth is: counts mode returns it so already; reference
 * mode returns min–max normalised maps, brought back by the inverse of that normalisation (solve/normalise.ts:
 * input = working · mapScale + mapOffset).
 */
export function inInputUnits(result: FusionResult, e: number): Float32Array {
  const map = result.maps[e]!;
  if (result.normalisation.mode === 'counts') return map;
  const s = result.normalisation.mapScale[e]!, o = result.normalisation.mapOffset[e]!;
  return Float32Array.from(map, (v) => v * s + o);
}

/** Root mean square of a map (the normaliser of NRMSE). */
function rms(a: Float32Array): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += a[k]! * a[k]!;
  return Math.sqrt(s / a.length);
}

/** Runs cell k of `grid` (all its realisations); deterministic for the grid (the backend's float arithmetic aside). */
export async function runCell(grid: SweepGrid, gridIdValue: string, k: number, options: RunCellOptions): Promise<CellResult> {
  const started = performance.now();
  const cell = cellAt(grid, k);
  const phantom = options.phantom ?? makePhantom(grid);
  const { width, height, elements } = phantom;
  const n = width * height;
  const fuseFn = options.fuse ?? fuseOnBackend;
  const realisations: RealisationResult[] = [];
  let backendName = options.backend?.name ?? '';
  for (let r = 0; r < grid.realisations; r++) {
    const seed = noiseSeed(grid, k, r);
    // the physics at simulate's defaults (γ 1.7, paper weighting), whatever model the fusion parameters assume
    const acq = simulateAcquisition(phantom, { seed, haadfSnr: cell.haadfSnr, chemSnr: cell.chemSnr });
    const maps = elements.map((_, e) => acq.maps.slice(e * n, (e + 1) * n));
    const truth = elements.map((_, e) => acq.truthMaps.subarray(e * n, (e + 1) * n));
    const result = await fuseFn({ width, height, elements, haadf: acq.haadf, maps }, grid.params, { backend: options.backend, signal: options.signal });
    backendName = result.backend;
    const inputs = { width, height, elements, haadf: acq.haadf, maps };
    const errors = standardErrorMaps(inputs, result);
    const relative = elements.map((_, e) => errors.average[e]! / rms(inInputUnits(result, e))).filter(Number.isFinite);
    const fused: Record<string, number> = {}, raw: Record<string, number> = {};
    elements.forEach((el, e) => {
      fused[el] = nrmse(inInputUnits(result, e), truth[e]!); // against the expected counts s·t_i
      raw[el] = nrmse(maps[e]!, truth[e]!);
    });
    const rr: RealisationResult = {
      r, seed, nrmse: fused, meanNrmse: mean(Object.values(fused)), rawNrmse: raw, rawMeanNrmse: mean(Object.values(raw)),
      relativeStderr: mean(relative), iterations: result.iterationsRun, wallMs: result.wallMs,
    };
    realisations.push(rr);
    options.onRealisation?.(rr);
  }
  const perElement = (pick: (r: RealisationResult) => Record<string, number>): Record<string, number> =>
    Object.fromEntries(elements.map((el) => [el, mean(realisations.map((r) => pick(r)[el]!))]));
  return {
    gridId: gridIdValue, cell: k, i: cell.i, j: cell.j, haadfSnr: cell.haadfSnr, chemSnr: cell.chemSnr, elements: [...elements],
    realisations,
    nrmse: perElement((r) => r.nrmse), meanNrmse: mean(realisations.map((r) => r.meanNrmse)), meanNrmseSd: sd(realisations.map((r) => r.meanNrmse)),
    rawNrmse: perElement((r) => r.rawNrmse), rawMeanNrmse: mean(realisations.map((r) => r.rawMeanNrmse)),
    averageStderr: mean(realisations.map((r) => r.relativeStderr)),
    backend: backendName, wallMs: performance.now() - started, finishedAt: new Date().toISOString(),
  };
}
