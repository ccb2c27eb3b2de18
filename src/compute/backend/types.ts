// The contract between the fusion solver and its array kernels (DESIGN.md §2, backend/).

/** Which kernels to run: an explicit backend, or 'auto' (calibrated choice; compute/node/select-backend.ts). */
export type BackendChoice = 'auto' | 'cpu' | 'gpu' | 'reference';

/** Data term Ψ2: Poisson negative log-likelihood, or least squares for high counts / EELS. */
export type DataTerm = 'poisson' | 'lsq';

/**
 * One fusion problem as the kernels see it, in the solver's working units
 * (see solve/normalise.ts). Images are row-major, `height` rows of `width`
 * pixels; element i occupies [i·N, (i+1)·N) of `x` and `maps`, N = width·height.
 * Arrays may be backed by SharedArrayBuffer so worker threads can share them.
 */
export interface KernelProblem {
  readonly width: number;
  readonly height: number;
  readonly elements: number;
  /** Current iterate x_i ≥ 0, updated in place by iterate(). */
  readonly x: Float32Array;
  /** Measured elemental maps b_i. */
  readonly maps: Float32Array;
  /** HAADF target h, in the units of Σ a_i x_i^γ (may be rewritten between iterations). */
  readonly haadf: Float32Array;
  /** Z-weights a_i of the forward model. */
  readonly weights: Float64Array;
  readonly gamma: number;
  /** Step on Ψ1 (the reference uses 1/n_e). */
  readonly stepHaadf: number;
  /** λ_chem: weight (and step) of Ψ2. */
  readonly lambdaChem: number;
  /** ε in Ψ2 = Σ 1ᵀx − bᵀlog(x + ε). */
  readonly eps: number;
  readonly dataTerm: DataTerm;
  /**
   * Per-pixel weight w of Ψ2, laid out as `maps` (absent: 1 everywhere): Ψ2 = Σ w·ψ(x; b), ∇Ψ2 = w·ψ′. Least squares with
   * per-pixel noise variances σ²_p (a spectrum image's maps) has w_p = σ̄²/σ²_p (solve/normalise.ts, dataWeights).
   */
  readonly mapWeights?: Float32Array;
  /** λ_TV: strength of the per-element TV proximal step. */
  readonly lambdaTV: number;
  /** ng: FGP inner iterations. */
  readonly tvIterations: number;
}

/** The three cost terms of DESIGN.md §1 at one iterate. */
export interface CostTerms {
  /** Ψ1 = ½‖h − Σ a_i x_i^γ‖² */
  haadf: number;
  /** Ψ2 (Poisson: Σ x − b log(x+ε); lsq: ½‖x − b‖²), times mapWeights where given; not times λ_chem */
  chem: number;
  /** Σ_i TV(x_i), isotropic */
  tv: number;
}

/** An array-kernel implementation. One instance serves one problem at a time. */
export interface FusionBackend {
  /** e.g. 'reference', 'cpu', 'gpu:webgl2' */
  readonly name: string;
  /** Threads (or 1 for GPU) the backend computes with. */
  readonly threads: number;
  /**
   * Start what setup() would start (the CPU backend's worker threads) now, without waiting, so that it overlaps the
   * caller's reading and planning. Optional; setup() starts whatever prepare() did not.
   */
  prepare?(): void;
  /** Bind a problem and allocate all working memory (none is allocated later). */
  setup(problem: KernelProblem): Promise<void>;
  /**
   * One outer iteration, in place on problem.x:
   *   x_i ← max(0, x_i − stepHaadf·∇_iΨ1 − λ_chem·∇_iΨ2)   for every i
   *   x_i ← prox_{λ_TV TV + ι_{≥0}}(x_i) by ng FGP iterations (skipped when λ_TV = 0)
   */
  iterate(): Promise<void>;
  /** Cost terms at the current problem.x. */
  costs(): Promise<CostTerms>;
  /**
   * iterate(), then costs() at the new problem.x, in one pass where the backend can (the CPU backend's WebAssembly
   * kernels sum the terms of each tile while it is still in cache). Optional: the solver calls iterate() and costs().
   */
  step?(): Promise<CostTerms>;
  /** Release threads / GPU memory. */
  dispose(): Promise<void>;
}
