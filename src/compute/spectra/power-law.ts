// EELS pre-edge background: a power law A·E^−r fitted in a window (Egerton, EELS in the Electron Microscope, §4.4),
// by Poisson maximum likelihood (default) or least squares on the logarithm; its extrapolation and uncertainty.

/** Fitted background: μ(E) = exp(a − r·ln E) = A·E^−r (E in eV), with the fit's covariance of (a, r). */
export interface PowerLaw {
  a: number;
  r: number;
  /** Covariance of (a, r) from the Poisson Fisher information at the fit: [[var a, cov], [cov, var r]]. */
  cov: [number, number, number];
}

export type BackgroundFit = 'poisson' | 'log-lsq';

/** Precomputed per window: ln E of each channel (the same for every pixel). */
export interface FitWindow {
  logE: Float64Array;
}

export function fitWindow(energiesEv: Float64Array): FitWindow {
  return { logE: energiesEv.map((e) => Math.log(e)) };
}

/**
 * Poisson ML of A·E^−r: A profiles out (Σμ = Σy), leaving one equation in r:
 * Σ lnE·E^−r / Σ E^−r = Σ y·lnE / Σ y (the model's mean ln E equals the counts'), solved by Newton steps.
 */
export function fitPoisson(y: ArrayLike<number>, w: FitWindow, r0 = 3): PowerLaw | null {
  const { logE } = w;
  const n = logE.length;
  let total = 0;
  let sy = 0;
  for (let i = 0; i < n; i++) { const v = Math.max(0, y[i]!); total += v; sy += v * logE[i]!; }
  if (!(total > 0)) return null;
  const target = sy / total;
  const lo = logE[0]!;
  let r = r0;
  for (let it = 0; it < 30; it++) {
    // weights E^−r relative to the first channel (numerically safe)
    let s0 = 0, s1 = 0, s2 = 0;
    for (let i = 0; i < n; i++) { const wt = Math.exp(-r * (logE[i]! - lo)); s0 += wt; s1 += wt * logE[i]!; s2 += wt * logE[i]! * logE[i]!; }
    const m = s1 / s0;
    const v = s2 / s0 - m * m; // −dm/dr
    if (!(v > 0)) break;
    const step = (m - target) / v;
    r += Math.max(-2, Math.min(2, step));
    if (Math.abs(step) < 1e-9) break;
  }
  if (!Number.isFinite(r)) return null;
  let s0 = 0;
  for (let i = 0; i < n; i++) s0 += Math.exp(-r * logE[i]!);
  return withCovariance(Math.log(total / s0), r, w);
}

/** Least squares of ln y on ln E over channels with counts > 0 (the classic fit; biased at low counts). */
export function fitLogLsq(y: ArrayLike<number>, w: FitWindow): PowerLaw | null {
  const { logE } = w;
  let n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (let i = 0; i < logE.length; i++) {
    const v = y[i]!;
    if (!(v > 0)) continue;
    const x = logE[i]!, l = Math.log(v);
    n++; sx += x; sy += l; sxx += x * x; sxy += x * l;
  }
  const d = n * sxx - sx * sx;
  if (n < 2 || !(d > 0)) return null;
  const slope = (n * sxy - sx * sy) / d;
  return withCovariance((sy - slope * sx) / n, -slope, w);
}

/** Attach the inverse Poisson Fisher information of (a, r): I = Σ μ_i [1, −lnE; −lnE, lnE²]. */
function withCovariance(a: number, r: number, w: FitWindow): PowerLaw {
  let i00 = 0, i01 = 0, i11 = 0;
  for (const le of w.logE) { const mu = Math.exp(a - r * le); i00 += mu; i01 -= mu * le; i11 += mu * le * le; }
  const det = i00 * i11 - i01 * i01;
  const cov: [number, number, number] = det > 0 ? [i11 / det, -i01 / det, i00 / det] : [Infinity, 0, Infinity];
  return { a, r, cov };
}

/** The background under a signal window: B = Σ_j A·E_j^−r, and var B by the delta method from cov(a, r). */
export function extrapolate(fit: PowerLaw, signal: FitWindow): { background: number; variance: number } {
  let b = 0, db = 0;
  for (const le of signal.logE) { const mu = Math.exp(fit.a - fit.r * le); b += mu; db -= mu * le; }
  const [vaa, var_, vrr] = fit.cov;
  // ∂B/∂a = B, ∂B/∂r = −Σ μ lnE
  const variance = b * b * vaa + 2 * b * db * var_ + db * db * vrr;
  return { background: b, variance: Number.isFinite(variance) ? variance : Infinity };
}

/** A power law with r fixed (e.g. from the sum spectrum) and A fitted: Poisson ML A = Σy / Σ E^−r. */
export function fitFixedR(y: ArrayLike<number>, w: FitWindow, r: number): PowerLaw | null {
  let total = 0, s0 = 0;
  for (let i = 0; i < w.logE.length; i++) { total += Math.max(0, y[i]!); s0 += Math.exp(-r * w.logE[i]!); }
  if (!(s0 > 0)) return null;
  if (!(total > 0)) return { a: -Infinity, r, cov: [Infinity, 0, 0] };
  const a = Math.log(total / s0);
  // Only A is free: var a = 1/Σμ = 1/total.
  return { a, r, cov: [1 / total, 0, 0] };
}

/**
 * The exponent alone, fast (for one fit per pixel): the Poisson ML r (as fitPoisson, warm-started at r0), and what the
 * extrapolation needs: ratio = Σ_signal E^−r / Σ_pre E^−r, so B = ratio·(pre-edge counts), and its relative variance
 * (d ln ratio/dr)²·var r, with var r = 1/(N·Var_w ln E) the profile likelihood's Fisher information
 * and d ln ratio/dr = m_pre − m_signal (E^−r-weighted means of ln E).
 */
export function fitExponent(y: ArrayLike<number>, pre: FitWindow, signal: FitWindow, r0: number): { r: number; ratio: number; relVar: number } | null {
  const { logE } = pre;
  const n = logE.length;
  let total = 0, sy = 0;
  for (let i = 0; i < n; i++) { const v = Math.max(0, y[i]!); total += v; sy += v * logE[i]!; }
  if (!(total > 0)) return null;
  const target = sy / total;
  const lo = logE[0]!;
  let r = r0, s0 = 0, m = 0, v = 0;
  for (let it = 0; it < 30; it++) {
    s0 = 0; let s1 = 0, s2 = 0;
    for (let i = 0; i < n; i++) { const d = logE[i]!; const wt = Math.exp(-r * (d - lo)); s0 += wt; s1 += wt * d; s2 += wt * d * d; }
    m = s1 / s0;
    v = s2 / s0 - m * m;
    if (!(v > 0)) return null;
    const step = (m - target) / v;
    if (Math.abs(step) < 1e-7) break;
    r += Math.max(-2, Math.min(2, step));
  }
  if (!Number.isFinite(r)) return null;
  let t0 = 0, t1 = 0;
  for (const d of signal.logE) { const wt = Math.exp(-r * (d - lo)); t0 += wt; t1 += wt * d; }
  const dlnRatio = m - t1 / t0;
  return { r, ratio: t0 / s0, relVar: (dlnRatio * dlnRatio) / (total * v) };
}
