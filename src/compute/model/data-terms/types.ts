// The data term Ψ2 of the elemental maps (DESIGN.md §1) as one interface: a new term is one file here plus its
// kernel form in backend/ (the array kernels compute `kernel`), registered in index.ts.

/** The kernel forms the array backends compute (backend/types.ts): Σ x − b log(x + ε), or ½ Σ (x − b)². */
export type DataTermName = 'poisson' | 'lsq';

/**
 * What the user may ask for: a term by name, `auto` (chosen from the data, choose.ts), or `lsq-variances`: least squares
 * with each pixel weighted by 1/σ²_p from the per-pixel variances given with the maps (variance-weights.ts).
 */
export type DataTermChoice = DataTermName | 'auto' | 'lsq-variances';

/**
 * A map's noise, estimated from the map itself (noise.ts), in the map's own units:
 * var(b_p) ≈ gain · E[b_p] + floor  (Poisson-like counts: gain = 1, floor = 0; scaled counts: gain = the scale).
 */
export interface MapNoise {
  /** Variance per unit of signal (counts: 1; counts × k: k). */
  gain: number;
  /** Signal-independent variance (read noise, background subtraction), map units². */
  floor: number;
  /** Mean noise variance over the map, map units². */
  variance: number;
  /** Mean of the map. */
  mean: number;
  /** All values integers. */
  integer: boolean;
  /** The step every value is a multiple of (1 for counts, k for counts × k), or null (noise.ts, countQuantum). */
  quantum: number | null;
  /** Number of negative values. */
  negatives: number;
  /** Pixels the estimate used. */
  pixels: number;
}

/**
 * One data term ψ(x; b), per pixel, in working units. The fused objective weighs it by its information κ
 * (its negative log-likelihood is κ·ψ) and the unit-free λ_chem: λ_chem · κ/κ_ref · ψ (see lambda.ts).
 */
export interface DataTermModel {
  readonly name: DataTermName;
  /** One line for the report. */
  readonly description: string;
  /** Why a map cannot be fused with this term (in words a user can act on), or null when it can. */
  check(map: Float32Array): string | null;
  /** κ: the term's information per working unit, from the map's noise (map units) and the working scale c (map = c · working). */
  information(noise: MapNoise, scale: number): number;
  /** Σ_p ψ(x_p; b_p) */
  value(x: Float32Array, b: Float32Array, eps: number): number;
  /** ∂ψ/∂x per pixel */
  gradient(x: Float32Array, b: Float32Array, eps: number, out?: Float32Array): Float32Array;
  /** ∂²ψ/∂x² per pixel (the diagonal of the Hessian: ψ is separable) */
  hessianDiagonal(x: Float32Array, b: Float32Array, eps: number, out?: Float32Array): Float32Array;
  /**
   * The data the kernels' fixed form is given, for a pseudo-count ε ≥ 0: Poisson b + ε, so the kernels' x − b′ log(x + ε)
   * is ψ = x − (b + ε) log(x + ε), minimised at x = b and with no push at x = 0 where b = 0; least squares b. Into `out` when given (it may be b itself: in place).
   */
  kernelData(b: Float32Array, eps: number, out?: Float32Array): Float32Array;
  /** Closed-form prox: argmin_{x ≥ 0} ½(x − v)² + t ψ(x; b), per pixel */
  prox(v: Float32Array, b: Float32Array, t: number, eps: number, out?: Float32Array): Float32Array;
}
