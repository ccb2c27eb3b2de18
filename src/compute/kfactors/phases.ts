// How many phases the maps show: the number of composition vectors every pixel is a mixture of. With P phases, y_p =
// Σ_k t_kp (k ∘ c_k) for all pixels p, so the maps' second moment Σ_p y_p y_pᵀ has rank P. Fewer phases than elements
// means the HAADF regression on the maps has rank P < n_e at γ = 1: the n_e counts per atom cannot all be identified,
// whatever the noise (only the nonlinearity γ ≠ 1 separates them, weakly).
//
// The noise-free second moment comes from two independent copies of the maps (Poisson-thinned halves, or neighbouring
// pixels for a checkerboard split): E[b¹ b²ᵀ] = y¹ y²ᵀ, no noise term. Scaled to unit diagonal (units do not count),
// its eigenvalues are tested against their spatial block-jackknife standard errors.

import { thinnedFirstHalves } from '../autoparams/thinning.js';
import { createRng } from '../simulate/random.js';
import { blockLabels, symmetricEigenvalues } from './least-squares.js';

/** An eigenvalue counts as a phase when it exceeds this many jackknife standard errors… */
const PHASE_Z = 3;
/** …and this fraction of the largest (rounding). */
const PHASE_FLOOR = 1e-4;
const BLOCKS = 4;

export interface PhaseCount {
  /** Composition vectors the maps are mixtures of (1 … n_e). */
  phases: number;
  /** Eigenvalues of the unit-diagonal noise-free second moment, largest first, and their jackknife standard errors. */
  eigenvalues: number[];
  standardErrors: number[];
}

/** Sorted (descending) eigenvalues of the symmetrised moment sum, scaled to unit diagonal; null when a diagonal is ≤ 0. */
function scaledEigenvalues(m: Float64Array, ne: number): number[] | null {
  const d = Array.from({ length: ne }, (_, i) => m[i * ne + i]!);
  if (d.some((v) => !(v > 0))) return null;
  const s = new Float64Array(ne * ne);
  for (let i = 0; i < ne; i++) for (let j = 0; j < ne; j++) s[i * ne + j] = (0.5 * (m[i * ne + j]! + m[j * ne + i]!)) / Math.sqrt(d[i]! * d[j]!);
  return symmetricEigenvalues(s, ne).sort((a, b) => b - a);
}

/**
 * Σ_p b¹_i b²_j per jackknife block (`BLOCKS`²). b² is `second`, or, when `remainder`, `second` − b¹: the thinned halves'
 * other half from the maps themselves (b² = b − b¹, exact for integers), so no second copy is made.
 */
function blockMoments(first: readonly Float32Array[], second: readonly Float32Array[], width: number, height: number, remainder: boolean): Float64Array {
  const ne = first.length, n = width * height;
  const labels = blockLabels(width, height, BLOCKS);
  const moments = new Float64Array(BLOCKS * BLOCKS * ne * ne);
  for (let p = 0; p < n; p++) {
    const o = labels[p]! * ne * ne;
    for (let i = 0; i < ne; i++) {
      const a = first[i]![p]!;
      if (a === 0) continue; // most pixels of thinned low-count maps
      if (remainder) for (let j = 0; j < ne; j++) moments[o + i * ne + j]! += a * (second[j]![p]! - first[j]![p]!);
      else for (let j = 0; j < ne; j++) moments[o + i * ne + j]! += a * second[j]![p]!;
    }
  }
  return moments;
}

/** The number of phases from two independent copies `first`, `second` of the maps (same layout, width × height each). */
export function countPhases(first: readonly Float32Array[], second: readonly Float32Array[], width: number, height: number): PhaseCount {
  return phasesOfMoments(blockMoments(first, second, width, height, false), first.length);
}

/** The phases from the per-block moments Σ_p b¹_i b²_j: eigenvalues above PHASE_Z jackknife standard errors. */
function phasesOfMoments(moments: Float64Array, ne: number): PhaseCount {
  const nb = BLOCKS * BLOCKS;
  const sum = (without: number) => {
    const m = new Float64Array(ne * ne);
    for (let b = 0; b < nb; b++) if (b !== without) for (let k = 0; k < ne * ne; k++) m[k]! += moments[b * ne * ne + k]!;
    return m;
  };
  const all = scaledEigenvalues(sum(-1), ne);
  if (!all) return { phases: 0, eigenvalues: [], standardErrors: [] };
  const reps: number[][] = [];
  for (let b = 0; b < nb; b++) { const r = scaledEigenvalues(sum(b), ne); if (r) reps.push(r); }
  const standardErrors = all.map((_, k) => {
    const mean = reps.reduce((s, r) => s + r[k]!, 0) / reps.length;
    return Math.sqrt(((reps.length - 1) / reps.length) * reps.reduce((s, r) => s + (r[k]! - mean) ** 2, 0)); // delete-one-block jackknife
  });
  const phases = all.filter((v, k) => v > PHASE_Z * standardErrors[k]! && v > PHASE_FLOOR * all[0]!).length;
  return { phases, eigenvalues: all, standardErrors };
}

/** Two copies of the maps with independent noise from neighbouring pixels (p and its right neighbour; 0 at the right edge). */
export function neighbourCopies(maps: readonly Float32Array[], width: number, height: number): [Float32Array[], Float32Array[]] {
  const first = maps.map(() => new Float32Array(width * height)), second = maps.map(() => new Float32Array(width * height));
  maps.forEach((m, i) => {
    for (let y = 0; y < height; y++) for (let x = 0; x + 1 < width; x++) { const p = y * width + x; first[i]![p] = m[p]!; second[i]![p] = m[p + 1]!; }
  });
  return [first, second];
}

/** The phases of `maps`: from Poisson-thinned halves (raw counts; deterministic for a seed) or neighbouring pixels (any maps). */
export function phasesOfMaps(maps: readonly Float32Array[], width: number, height: number, split: 'thinning' | 'checkerboard', seed = 1): PhaseCount {
  if (split === 'checkerboard') return countPhases(...neighbourCopies(maps, width, height), width, height);
  const first = thinnedFirstHalves(maps, createRng(seed, 0x70)); // b² = b − b¹ inline: one thinned copy, not two
  return phasesOfMoments(blockMoments(first, maps, width, height, true), maps.length);
}
