// One Gaussian and a two-Gaussian mixture fitted to values (e.g. a region's c_i) by maximum likelihood; BIC picks one.
//
// The fits are to the values themselves, not to histogram bins. One Gaussian: closed-form ML (mean, population σ).
// Two Gaussians: EM (Dempster, Laird & Rubin 1977; Bishop 2006 §9.2.2) from three deterministic starts (the sorted
// values split at their 50th, 25th and 75th percentiles, each part giving a component's mean, σ and weight); after 20
// iterations each, the start with the highest likelihood goes on to convergence. Guards: σ is floored at `minSigma` (a constrained M-step, which keeps EM
// monotone and the likelihood bounded — an unconstrained component collapsing onto one value has L̂ → ∞), and a
// mixture in which a component carries less than 2 values' worth of responsibility is flagged `degenerate` and never
// chosen. Model choice: the smaller BIC = k ln n − 2 ln L̂ (Schwarz 1978), k = 2 (one Gaussian) or 5 (two).

export interface GaussianComponent {
  /** Mixing weight (the components' weights sum to 1). */
  weight: number;
  /** Centre μ. */
  mean: number;
  /** Width σ (standard deviation, ≥ minSigma). */
  sigma: number;
}

/** A component with the standard errors of its μ and σ. */
export interface ComponentWithErrors extends GaussianComponent {
  /** SE(μ) = σ / √N_k, N_k = n·w_k the values the component carries (asymptotic ML; exact for one Gaussian). */
  meanError: number;
  /** SE(σ) = σ / √(2 N_k). */
  sigmaError: number;
}

/**
 * Standard errors of each component's μ and σ from its effective count N_k = n·w_k: σ/√N_k and σ/√(2N_k), the
 * ML asymptotics of one Gaussian (Fisher information n/σ² and 2n/σ²) applied per component — they neglect the
 * overlap of the components (so are a lower bound for overlapping ones) and assume independent values (neighbouring
 * pixels of a smoothed map are not, so read them as lower bounds there too).
 */
export function componentErrors(fit: Pick<MixtureFit, 'components'>, n: number): ComponentWithErrors[] {
  return fit.components.map((c) => {
    const nk = Math.max(1, n * c.weight);
    return { ...c, meanError: c.sigma / Math.sqrt(nk), sigmaError: c.sigma / Math.sqrt(2 * nk) };
  });
}

/** Fewest values for which a two-Gaussian mixture (5 parameters) is fitted: 10 per parameter. */
export const MIN_VALUES_TWO_GAUSSIANS = 50;

export interface MixtureFit {
  /** By ascending mean. */
  components: GaussianComponent[];
  /** ln L̂ = Σ_v ln Σ_k w_k N(v | μ_k, σ_k²). */
  logLikelihood: number;
  /** Free parameters k: 3·components − 1. */
  parameters: number;
  /** k ln n − 2 ln L̂. */
  bic: number;
  /** EM iterations (0 for the closed-form single Gaussian). */
  iterations: number;
  converged: boolean;
  /** A component carries < 2 values' worth of responsibility; such a fit is never chosen. */
  degenerate: boolean;
}

export interface GaussianFitOptions {
  /** Floor on every σ, in the values' units (default 1e-4: a concentration narrower than 0.01 at.% is not resolvable). */
  minSigma?: number;
  /** EM iterations in all (default 500). */
  maxIterations?: number;
  /** EM stops when the mean log-likelihood per value, ln L̂ / n, rises by less than this in an iteration (default 1e-7). */
  tolerance?: number;
}

export type GaussianModelsResult =
  | {
      ok: true;
      /** Finite values fitted (non-finite ones are ignored). */
      n: number;
      one: MixtureFit;
      /** null when there are too few values (fewer than MIN_VALUES_TWO_GAUSSIANS). */
      two: MixtureFit | null;
      /** Why no two-Gaussian mixture was fitted (too few values), in a sentence; null when it was. */
      twoRefused: string | null;
      /** Components of the model with the smaller BIC (1 when `two` is null or degenerate; ties go to 1). */
      chosen: 1 | 2;
      best: MixtureFit;
      minSigma: number;
    }
  | { ok: false; error: string };

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

// ln N(v | μ, σ²) = −½ ln 2π − ln σ − (v − μ)² / (2σ²)
function logNormal(v: number, mean: number, sigma: number): number {
  const z = (v - mean) / sigma;
  return -HALF_LOG_2PI - Math.log(sigma) - 0.5 * z * z;
}

/** Density of a mixture at x: Σ_k w_k N(x | μ_k, σ_k²) (multiply by n·binWidth to overlay a count histogram). */
export function mixtureDensity(components: readonly GaussianComponent[], x: number): number {
  let s = 0;
  for (const c of components) s += c.weight * Math.exp(logNormal(x, c.mean, c.sigma));
  return s;
}

function bic(k: number, n: number, logL: number): number {
  return k * Math.log(n) - 2 * logL; // BIC (Schwarz 1978)
}

function finiteValues(values: ArrayLike<number>): Float64Array {
  const out: number[] = [];
  for (let k = 0; k < values.length; k++) if (Number.isFinite(values[k]!)) out.push(values[k]!);
  return Float64Array.from(out).sort();
}

function checkOptions(o: GaussianFitOptions): Required<GaussianFitOptions> {
  const minSigma = o.minSigma ?? 1e-4;
  const maxIterations = o.maxIterations ?? 500;
  const tolerance = o.tolerance ?? 1e-7;
  if (!(Number.isFinite(minSigma) && minSigma > 0)) throw new RangeError(`minSigma must be a finite number > 0, got ${minSigma}`);
  if (!(Number.isInteger(maxIterations) && maxIterations >= 1)) throw new RangeError(`maxIterations must be an integer ≥ 1, got ${maxIterations}`);
  if (!(Number.isFinite(tolerance) && tolerance >= 0)) throw new RangeError(`tolerance must be finite and ≥ 0, got ${tolerance}`);
  return { minSigma, maxIterations, tolerance };
}

/** Mean and population σ of v[a..b), σ floored. */
function moments(v: Float64Array, a: number, b: number, minSigma: number): { mean: number; sigma: number } {
  let s = 0;
  for (let k = a; k < b; k++) s += v[k]!;
  const mean = s / (b - a);
  let ss = 0;
  for (let k = a; k < b; k++) ss += (v[k]! - mean) ** 2;
  return { mean, sigma: Math.max(minSigma, Math.sqrt(ss / (b - a))) };
}

/** The ML single Gaussian: μ = mean, σ = population standard deviation (floored at minSigma). */
export function fitGaussian(values: ArrayLike<number>, options: GaussianFitOptions = {}): MixtureFit | null {
  const { minSigma } = checkOptions(options);
  const v = finiteValues(values);
  return v.length === 0 ? null : fitOne(v, minSigma);
}

function fitOne(v: Float64Array, minSigma: number): MixtureFit {
  const n = v.length;
  const { mean, sigma } = moments(v, 0, n, minSigma);
  let logL = 0;
  for (let k = 0; k < n; k++) logL += logNormal(v[k]!, mean, sigma);
  return { components: [{ weight: 1, mean, sigma }], logLikelihood: logL, parameters: 2, bic: bic(2, n, logL), iterations: 0, converged: true, degenerate: false };
}

/** At most `maxIterations` EM iterations for two components from `start` (EM's state is just the parameters, so a fit can be resumed from its components). */
function em2(v: Float64Array, start: readonly GaussianComponent[], opts: Required<GaussianFitOptions>, maxIterations: number): MixtureFit {
  const n = v.length;
  const w = start.map((c) => c.weight), mu = start.map((c) => c.mean), sd = start.map((c) => c.sigma);
  const r1 = new Float64Array(n); // responsibility of component 1; component 0 has 1 − r1
  let logL = -Infinity;
  let iterations = 0;
  let converged = false;
  let degenerate = false;
  for (;;) {
    // E-step: r_pk = w_k N(v_p | μ_k, σ_k²) / Σ_j w_j N(v_p | μ_j, σ_j²), by log-sum-exp; ln L̂ = Σ_p ln Σ_k (…)
    let ll = 0;
    const i0 = 1 / sd[0]!, i1 = 1 / sd[1]!;
    const c0 = Math.log(w[0]!) - HALF_LOG_2PI - Math.log(sd[0]!), c1 = Math.log(w[1]!) - HALF_LOG_2PI - Math.log(sd[1]!);
    for (let p = 0; p < n; p++) {
      const z0 = (v[p]! - mu[0]!) * i0, z1 = (v[p]! - mu[1]!) * i1;
      const a = c0 - 0.5 * z0 * z0, b = c1 - 0.5 * z1 * z1; // ln w_k + ln N(v_p | μ_k, σ_k²)
      // ln(e^a + e^b) = max + ln(1 + e^−|a−b|); r_p1 = e^b / (e^a + e^b)
      const e = Math.exp(-Math.abs(a - b));
      ll += Math.max(a, b) + Math.log1p(e);
      r1[p] = b >= a ? 1 / (1 + e) : e / (1 + e);
    }
    const gain = ll - logL;
    logL = ll;
    if (degenerate) break;
    if (gain <= opts.tolerance * n) { converged = true; break; }
    if (iterations >= maxIterations) break;
    iterations++;
    // M-step: N_k = Σ_p r_pk, w_k = N_k / n, μ_k = Σ r v / N_k, σ_k² = Σ r (v − μ_k)² / N_k, σ_k ≥ minSigma
    let n1 = 0, s1 = 0, s0 = 0;
    for (let p = 0; p < n; p++) { n1 += r1[p]!; s1 += r1[p]! * v[p]!; s0 += (1 - r1[p]!) * v[p]!; }
    const n0 = n - n1;
    if (n0 < 2 || n1 < 2) { degenerate = true; if (n0 <= 0 || n1 <= 0) break; }
    mu[0] = s0 / n0; mu[1] = s1 / n1;
    let q0 = 0, q1 = 0;
    for (let p = 0; p < n; p++) { q0 += (1 - r1[p]!) * (v[p]! - mu[0]!) ** 2; q1 += r1[p]! * (v[p]! - mu[1]!) ** 2; }
    sd[0] = Math.max(opts.minSigma, Math.sqrt(q0 / n0)); sd[1] = Math.max(opts.minSigma, Math.sqrt(q1 / n1));
    w[0] = n0 / n; w[1] = n1 / n;
  }
  const components = [0, 1].map((k) => ({ weight: w[k]!, mean: mu[k]!, sigma: sd[k]! })).sort((a, b) => a.mean - b.mean || a.sigma - b.sigma);
  return { components, logLikelihood: logL, parameters: 5, bic: bic(5, n, logL), iterations, converged, degenerate };
}

/** EM iterations every start gets before only the best one goes on to convergence. */
const BURN_IN = 20;

function fitTwo(v: Float64Array, opts: Required<GaussianFitOptions>): MixtureFit {
  const n = v.length;
  let best: MixtureFit | undefined;
  for (const q of [0.5, 0.25, 0.75]) {
    const s = Math.min(n - 1, Math.max(1, Math.round(q * n))); // split the sorted values at the q-quantile
    const lo = moments(v, 0, s, opts.minSigma), hi = moments(v, s, n, opts.minSigma);
    const fit = em2(v, [{ weight: s / n, ...lo }, { weight: 1 - s / n, ...hi }], opts, Math.min(BURN_IN, opts.maxIterations));
    const better = best === undefined || (best.degenerate && !fit.degenerate) || (best.degenerate === fit.degenerate && fit.logLikelihood > best.logLikelihood);
    if (better) best = fit;
  }
  if (best!.converged || best!.degenerate || best!.iterations >= opts.maxIterations) return best!;
  const rest = em2(v, best!.components, opts, opts.maxIterations - best!.iterations);
  return { ...rest, iterations: best!.iterations + rest.iterations };
}

/** The ML two-Gaussian mixture by EM (see the file header); null for fewer than 6 finite values. */
export function fitGaussianMixture2(values: ArrayLike<number>, options: GaussianFitOptions = {}): MixtureFit | null {
  const opts = checkOptions(options);
  const v = finiteValues(values);
  return v.length <= 5 ? null : fitTwo(v, opts);
}

/** One Gaussian and a two-Gaussian mixture fitted to the finite `values`, and the one BIC prefers; an error value when there are none. */
export function fitGaussianModels(values: ArrayLike<number>, options: GaussianFitOptions = {}): GaussianModelsResult {
  const opts = checkOptions(options);
  const v = finiteValues(values);
  const n = v.length;
  if (n === 0) return { ok: false, error: 'no finite values to fit' };
  const one = fitOne(v, opts.minSigma);
  const enough = n >= MIN_VALUES_TWO_GAUSSIANS;
  const two = enough ? fitTwo(v, opts) : null;
  const twoRefused = enough ? null
    : `two Gaussians not fitted: ${n} value${n === 1 ? '' : 's'}, and a mixture's 5 parameters need at least ${MIN_VALUES_TWO_GAUSSIANS}`;
  const chosen = two !== null && !two.degenerate && two.bic < one.bic ? 2 : 1;
  return { ok: true, n, one, two, twoRefused, chosen, best: chosen === 2 ? two! : one, minSigma: opts.minSigma };
}
