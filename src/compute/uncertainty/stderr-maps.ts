// Standard-error maps of a fusion result (DESIGN.md §1, "standard error"; issue 6).
//
// The data as a likelihood, per pixel p, in count units x_c (the result maps), x_w = (x_c − o_i)/c_i working units:
//   maps:   b_i ~ Poisson(x_c,i)                      → Fisher information of x_w,i: c_i² / x_c,i
//   HAADF:  H ~ N(s·Σ a_i x_w,i^γ + o, σ_H²)            → J Jᵀ / σ_H²,  J_i = s·γ·a_i·x_w,i^(γ−1)
//   F_p = diag(c_i² / x_c,i) + J Jᵀ / σ_H²      (n_e × n_e; for --data-term lsq the first term is c_i² / σ_i²)
// and Var(x_c,i) ≥ c_i² (F_p⁻¹)_ii, the Cramér–Rao bound, with the block inverted exactly (fisher-block.ts).
//
// How this relates to the solver's objective. In working units Ψ2 = Σ x_w − b_w log(x_w + ε) is the Poisson
// negative log-likelihood divided by c (b_w = b/c), and Ψ1 = ½‖h − Σ a x^γ‖² with h = (H − o)/s is the Gaussian
// one times σ_H²/s². So the negative log-likelihood is  s²/σ_H² · Ψ1 + c · Ψ2,  while the solver minimises
// τ Ψ1 + λ_chem Ψ2 (+ λ_TV TV): its λ's are a choice of regularisation strength, not noise variances, and the
// inverse Hessian of τΨ1 + λ_chem Ψ2 has the arbitrary scale of those λ's (working units², not counts²), so it is
// not offered. Two variances are, both built from the same per-pixel blocks:
//   'fisher'            F⁻¹ above: the Cramér–Rao bound, in counts², with the likelihood's natural weights — what
//                       an efficient (likelihood-weighted) estimator would reach;
//   'solver' (default)  the sandwich A⁻¹ B A⁻¹ (Huber 1967) of the M-estimator the solver computes without TV,
//                       A = E∇²(τΨ1 + λΨ2) = τ g gᵀ + λ diag(x_w/(x_w+ε)²),  B = Var ∇(τΨ1 + λΨ2) =
//                       τ² σ_h² g gᵀ + λ² diag(Var b_w/(x_w+ε)²), g = J/s, σ_h = σ_H/s: the variance of the
//                       λ-weighted estimate itself. It equals F⁻¹ exactly when τ/λ = s²/(σ_H² c) and ε → 0, and
//                       is ≥ F⁻¹ otherwise.
// Calibration decides the default (tests/unit/uncertainty/calibration.test.ts, 20 noise realisations, λ_TV = 0):
// 'solver' matches the empirical per-pixel scatter of the fused maps within 0.93–1.05 (the test requires 0.8–1.25) in every flat region of the
// Ga₂O₃ and core–shell phantoms; 'fisher' is up to 2.8× too small for the element the HAADF pins (Ga), because the
// default λ_chem/τ weighs the maps more, relative to the HAADF, than the likelihood does (the fused estimate is
// not efficient). 'fisher' is still the bound on what any unbiased estimator could achieve from the same data.
//
// TV is a prior, not data, and couples pixels: it is left out. Where TV is active the fused estimate is biased
// and its scatter is *below* these variances (TV averages neighbours); at edges its bias dominates the error.
//
// Vacuum: where x_w,i < ε (the solver's ε in working units) the Poisson information 1/x is unbounded; x is
// floored at ε there (counts: ε·c_i + o_i), so the standard error is that of a rate of ε·c_i counts — small,
// finite, and a lower bound. Such pixels are excluded from the average standard error.

import type { FusionInputs } from '../solve/inputs.js';
import type { FusionResult } from '../solve/fuse.js';
import { addGaussianMapInformation, addOuterProduct, addPoissonInformation, haadfJacobian, invertSpd, sandwich } from './fisher-block.js';
import { estimateHaadfNoise, haadfVariance, type HaadfNoiseModel } from './haadf-noise.js';
import { smoothVariance, varianceWeights } from '../model/data-terms/variance-weights.js';

export type StderrMethod = 'fisher' | 'solver';

/**
 * How σ_H² is obtained: 'neighbours' (default) estimates it from the HAADF alone (haadf-noise.ts), or it is given.
 * (The fit's HAADF residual is not used: the fit absorbs part of the noise, how much depends on λ_TV, and a
 * leverage-corrected residual estimate measured 3× too high on one phantom and ≈ 0 on another.)
 */
export type HaadfVarianceOption = 'neighbours' | number | Float32Array | HaadfNoiseModel;

export interface StderrOptions {
  /** 'solver' (sandwich of the λ-weighted estimate, default: calibrated) or 'fisher' (the Cramér–Rao bound). */
  method?: StderrMethod;
  /** HAADF noise variance σ_H² (input HAADF units²): a number, a per-pixel map, or a model; estimated from the data when omitted. */
  haadfVariance?: HaadfVarianceOption;
}

export interface StandardErrors {
  method: StderrMethod;
  elements: string[];
  /** Standard error per element and pixel, in the result's units (counts in counts mode). */
  maps: Float32Array[];
  /** Mean standard error per element over pixels where the element is present (x_w ≥ ε); NaN when none. */
  average: number[];
  /** How many pixels each average is over. */
  averagePixels: number[];
  units: string;
  /** How σ_H² was obtained. */
  haadfNoise: string;
  /** Pixels where some element was floored at ε (vacuum for that element). */
  flooredPixels: number;
  /** Pixels whose block was not positive definite (NaN there). */
  singularPixels: number;
}

/** σ_i² of a least-squares map term, from the residual of the map against the fused map: mean (b − x)². */
function mapResidualVariance(map: Float32Array, fused: Float32Array): number {
  let s = 0;
  for (let p = 0; p < map.length; p++) s += (map[p]! - fused[p]!) ** 2;
  return Math.max(s / map.length, 1e-12);
}

/** What every pixel's block needs. */
interface PixelContext {
  ne: number; n: number; xw: Float64Array; c: number[]; off: number[]; weights: ArrayLike<number>; gamma: number; eps: number;
  /** HAADF scale s, HAADF step τ, λ_chem. */
  s: number; tau: number; lambda: number;
  /** σ_i² of least-squares map terms (input units), null for Poisson. */
  mapVar: number[] | null;
  /** Per-pixel σ²_i,p of least-squares maps given with the inputs (smoothed as the fusion takes them), else null. */
  pixelVar: Float32Array[] | null;
  /** The per-pixel weights the kernels applied to Ψ2 (--data-term lsq-variances), else null (1). */
  pixelWeight: Float32Array[] | null;
}

/** Scratch blocks for one pixel at a time. */
class PixelBlocks {
  readonly x: Float64Array; readonly jac: Float64Array;
  readonly A: Float64Array; readonly B: Float64Array; readonly inv: Float64Array; readonly cov: Float64Array;
  readonly work: Float64Array; readonly work2: Float64Array;
  constructor(readonly ne: number) {
    this.x = new Float64Array(ne); this.jac = new Float64Array(ne);
    const b = () => new Float64Array(ne * ne);
    this.A = b(); this.B = b(); this.inv = b(); this.cov = b(); this.work = b(); this.work2 = b();
  }

  /** x = max(x_w, ε), J at x; returns whether any element was floored and the model HAADF level s·Σ a x_w^γ (unfloored). */
  load(ctx: PixelContext, p: number): { floored: boolean; level: number } {
    let floored = false, model = 0;
    for (let i = 0; i < ctx.ne; i++) {
      const v = ctx.xw[i * ctx.n + p]!;
      if (v < ctx.eps) floored = true;
      this.x[i] = Math.max(v, ctx.eps);
      model += ctx.weights[i]! * Math.pow(Math.max(v, 0), ctx.gamma);
    }
    haadfJacobian(this.x, ctx.weights, ctx.gamma, ctx.s, this.jac);
    return { floored, level: ctx.s * model };
  }

  /** A = τ g gᵀ + λ E∇²Ψ2, B = the maps' part of Var ∇(τΨ1 + λΨ2); g = J/s. */
  solverBlocks(ctx: PixelContext, p: number): void {
    const { ne, A, B, x } = this;
    const { c, off, eps, lambda, s, tau, mapVar, pixelVar, pixelWeight } = ctx;
    A.fill(0);
    B.fill(0);
    for (let i = 0; i < ne; i++) {
      if (mapVar) {
        const v = pixelVar ? pixelVar[i]![p]! : mapVar[i]!, w = pixelWeight ? pixelWeight[i]![p]! : 1;
        A[i * ne + i]! += lambda * w; // ∇²(λ·w·½(x − b)²) = λw
        B[i * ne + i]! += (lambda * lambda * w * w * v) / (c[i]! * c[i]!); // λ²w² Var b_w
      } else {
        const xi = x[i]!, d = (xi + eps) * (xi + eps);
        A[i * ne + i]! += (lambda * xi) / d; // λ E[b_w]/(x+ε)²
        B[i * ne + i]! += (lambda * lambda * ((xi * c[i]! + off[i]!) / (c[i]! * c[i]!))) / d; // λ² Var b_w/(x+ε)²
      }
    }
    addOuterProduct(A, ne, this.jac, tau / (s * s)); // A += τ g gᵀ
  }
}

/** Standard-error maps for a fusion `result` of `inputs` (per-pixel n_e × n_e blocks, inverted exactly). */
export function standardErrorMaps(inputs: FusionInputs, result: FusionResult, options: StderrOptions = {}): StandardErrors {
  const method = options.method ?? 'solver';
  const { width, height, elements } = result;
  const n = width * height, ne = elements.length;
  const { mode, mapScale, mapOffset, haadfScale: s, haadfOffset: o } = result.normalisation;
  const { gamma, stepHaadf } = result.params;
  const eps = result.kernelEps ?? result.params.eps; // the ε the kernels used (pseudo-counts in counts mode)
  const lambdaChem = result.kernelLambdaChem ?? result.params.lambdaChem; // the weight the kernels applied to Ψ2
  const dataTerm = result.dataTerm?.name ?? result.params.dataTerm;
  const weights = result.weights;
  const counts = mode === 'counts';
  // x_c = x_w·c_i + o_i (the inputs' units); result units are x_c in counts mode, x_w in reference mode.
  const c = elements.map((_, i) => mapScale[i]!);
  const off = elements.map((_, i) => mapOffset[i]!);
  const resultPerWorking = elements.map((_, i) => (counts ? c[i]! : 1));
  const xw = new Float64Array(n * ne);
  for (let i = 0; i < ne; i++) for (let p = 0; p < n; p++) xw[i * n + p] = result.maps[i]![p]! / resultPerWorking[i]!;

  const mapVar = dataTerm === 'lsq'
    ? elements.map((_, i) => mapResidualVariance(inputs.maps[i]!, Float32Array.from(result.maps[i]!, (v) => (counts ? v : v * c[i]! + off[i]!))))
    : null;
  // the maps' own per-pixel variances where they came with them (smoothed, and the weights, as solve/normalise.ts)
  const pixelVar = mapVar && inputs.variances ? inputs.variances.map((v) => smoothVariance(v, width, height)) : null;
  const pixelWeight = pixelVar && result.dataTerm?.perPixelVariances ? pixelVar.map((v) => varianceWeights(v)) : null;
  const ctx: PixelContext = { ne, n, xw, c, off, weights, gamma, eps, s, tau: stepHaadf, lambda: lambdaChem, mapVar, pixelVar, pixelWeight };

  let noise: HaadfNoiseModel | null = null;
  let noiseMap: Float32Array | null = null;
  let noiseText: string;
  const hv = options.haadfVariance ?? 'neighbours';
  if (typeof hv === 'number') { noise = { alpha: 0, beta: hv, source: 'given' }; noiseText = `given, σ_H² = ${hv}`; }
  else if (hv instanceof Float32Array) { noiseMap = hv; noiseText = 'given per pixel'; }
  else {
    noise = hv === 'neighbours' ? estimateHaadfNoise(inputs.haadf, width, height, o) : hv;
    noiseText = `${noise.source}: α = ${noise.alpha.toPrecision(4)}, β = ${noise.beta.toPrecision(4)}`;
  }

  const out = elements.map(() => new Float32Array(n));
  const sums = new Float64Array(ne), counted = new Float64Array(ne);
  const blk = new PixelBlocks(ne);
  let floored = 0, singular = 0;
  for (let p = 0; p < n; p++) {
    const { floored: anyFloored, level } = blk.load(ctx, p);
    if (anyFloored) floored++;
    const varH = noiseMap ? Math.max(noiseMap[p]!, 1e-12) : haadfVariance(noise!, level);
    const { A, B, cov, inv, jac, work, work2, x } = blk;
    if (method === 'fisher') {
      A.fill(0);
      for (let i = 0; i < ne; i++) {
        if (mapVar) addGaussianMapInformation(A, ne, i, c[i]!, pixelVar ? Math.max(pixelVar[i]![p]!, 1e-12) : mapVar[i]!);
        else addPoissonInformation(A, ne, i, x[i]! * c[i]! + off[i]!, c[i]!, eps * c[i]! + off[i]!);
      }
      addOuterProduct(A, ne, jac, 1 / varH); // F = diag(c²/x_c) + J Jᵀ/σ_H²
      if (!invertSpd(A, ne, cov, work)) singular++;
    } else {
      blk.solverBlocks(ctx, p);
      // B += τ² (σ_H²/s²) g gᵀ, g = J/s (the HAADF part of the score covariance)
      addOuterProduct(B, ne, jac, (stepHaadf * stepHaadf * varH) / (s * s * s * s));
      if (!invertSpd(A, ne, inv, work)) singular++;
      sandwich(inv, B, ne, cov, work2);
    }
    for (let i = 0; i < ne; i++) {
      const se = Math.sqrt(cov[i * ne + i]!) * resultPerWorking[i]!;
      out[i]![p] = se;
      if (xw[i * n + p]! >= eps && Number.isFinite(se)) { sums[i]! += se; counted[i]!++; }
    }
  }
  return {
    method, elements: [...elements], maps: out,
    average: elements.map((_, i) => (counted[i]! > 0 ? sums[i]! / counted[i]! : NaN)),
    averagePixels: Array.from(counted),
    units: result.units,
    haadfNoise: noiseText,
    flooredPixels: floored,
    singularPixels: singular,
  };
}
