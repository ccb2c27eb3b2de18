// EDX linear model fit: per pixel, counts(E) ≈ Σ_k a_k·g_k(E) + background(E), where g_k is an element's line
// family as Gaussians at detector resolution (Fiori FWHM; line weights from lines.ts; unit total counts) and the
// background a low-order polynomial per fitted energy region (smooth bremsstrahlung). Weighted least squares with
// weights 1/μ from the sum spectrum (the same design for every pixel, so G = XᵀWX is factored once), amplitudes
// constrained ≥ 0 (nnls.ts). a_k is the family's total counts: non-negative, Poisson-like.

import { addSpectrum, energyAt, toEv } from './cube.js';
import type { FamilyOnAxis } from './edx-lines.js';
import { nnlsNormal } from './nnls.js';
import { FWHM_TO_SIGMA, fwhmAt } from './resolution.js';
import type { SpectrumImage } from './types.js';
import type { Window } from './windows.js';

/** One modelled component: an element's family. */
export interface EdxComponent { element: string; family: FamilyOnAxis }

export interface EdxFitPlan {
  components: EdxComponent[];
  /** Energy regions fitted (eV), each with its own background polynomial. */
  regions: Window[];
  /** Polynomial degree per region. */
  degrees: number[];
  fwhmMnKa: number;
}

/** Regions: each line ± 3 FWHM, merged where they touch; background quadratic, cubic for regions wider than 1.5 keV. */
export function edxFitPlan(components: EdxComponent[], fwhmMnKa: number, axisLoEv: number, axisHiEv: number): EdxFitPlan {
  const spans: Window[] = [];
  for (const c of components) for (const l of c.family.lines) {
    const f = fwhmAt(l.energy, fwhmMnKa);
    spans.push([Math.max(axisLoEv, l.energy - 3 * f), Math.min(axisHiEv, l.energy + 3 * f)]);
  }
  spans.sort((a, b) => a[0] - b[0]);
  const regions: Window[] = [];
  for (const s of spans) {
    const last = regions[regions.length - 1];
    if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
    else regions.push([s[0], s[1]]);
  }
  for (const r of regions) { r[0] = Math.round(r[0]); r[1] = Math.round(r[1]); }
  return { components, regions, degrees: regions.map((r) => (r[1] - r[0] > 1500 ? 3 : 2)), fwhmMnKa };
}

/** Gaussian line family, counts per channel of width `dE` at channel-centre energies `e` (eV), total weight 1. */
export function familyProfile(family: FamilyOnAxis, e: Float64Array, dE: number, fwhmMnKa: number): Float64Array {
  const out = new Float64Array(e.length);
  const wsum = family.lines.reduce((s, l) => s + l.weight, 0);
  for (const l of family.lines) {
    const sigma = fwhmAt(l.energy, fwhmMnKa) * FWHM_TO_SIGMA;
    const norm = (l.weight / wsum) * (dE / (sigma * Math.sqrt(2 * Math.PI)));
    for (let i = 0; i < e.length; i++) { const z = (e[i]! - l.energy) / sigma; out[i] += norm * Math.exp(-0.5 * z * z); }
  }
  return out;
}

export interface EdxFitResult {
  /** Per component: counts (a_k ≥ 0) and variance per pixel. */
  counts: Float32Array[];
  variance: Float32Array[];
  /** Channels fitted. */
  channels: number;
  /** Parameters per pixel: components + background coefficients. */
  parameters: number;
}

/** Fit every pixel. */
export function edxFit(si: SpectrumImage, plan: EdxFitPlan): EdxFitResult {
  const axis = si.energy;
  const dE = Math.abs(toEv(axis, axis.scale));
  // Channels of each region.
  const chans: number[] = [];
  const regionOf: number[] = [];
  plan.regions.forEach((r, ri) => {
    for (let c = 0; c < axis.size; c++) {
      const e = toEv(axis, energyAt(axis, c));
      if (e >= r[0] && e <= r[1]) { chans.push(c); regionOf.push(ri); }
    }
  });
  const m = chans.length;
  const e = Float64Array.from(chans, (c) => toEv(axis, energyAt(axis, c)));
  const k = plan.components.length;
  const nb = plan.degrees.reduce((s, d) => s + d + 1, 0);
  const np = k + nb;
  // Design matrix X (m × np), column-major by parameter.
  const X = new Float64Array(np * m);
  plan.components.forEach((c, j) => X.set(familyProfile(c.family, e, dE, plan.fwhmMnKa), j * m));
  let col = k;
  plan.regions.forEach((r, ri) => {
    const mid = (r[0] + r[1]) / 2, half = Math.max(1, (r[1] - r[0]) / 2);
    for (let d = 0; d <= plan.degrees[ri]!; d++, col++) {
      for (let i = 0; i < m; i++) if (regionOf[i] === ri) X[col * m + i] = ((e[i]! - mid) / half) ** d;
    }
  });
  // Weights from the sum spectrum (∝ expected counts): W = 1/max(μ_sum, floor).
  const n = si.rows * si.cols;
  const sum = new Float64Array(m);
  const y = new Float64Array(m);
  for (let p = 0; p < n; p++) {
    y.fill(0);
    addChannels(si, p, chans, y);
    for (let i = 0; i < m; i++) sum[i] += y[i]!;
  }
  let sumTotal = 0;
  for (let i = 0; i < m; i++) sumTotal += sum[i]!;
  const floor = Math.max(1e-9, sumTotal / m / 100);
  const w = Float64Array.from(sum, (v) => 1 / Math.max(v / n, floor / n)); // per-pixel scale: 1/μ̄ per pixel
  const G = new Float64Array(np * np);
  for (let a = 0; a < np; a++) for (let b = 0; b <= a; b++) {
    let s = 0;
    for (let i = 0; i < m; i++) s += X[a * m + i]! * w[i]! * X[b * m + i]!;
    G[a * np + b] = s; G[b * np + a] = s;
  }
  const Ginv = invertSpd(G, np);
  // Support of each column (channels where it is non-zero): h = XᵀWy touches only those.
  const lo = new Int32Array(np), hi = new Int32Array(np);
  for (let q = 0; q < np; q++) {
    let mx = 0;
    for (let i = 0; i < m; i++) mx = Math.max(mx, Math.abs(X[q * m + i]!));
    let a = 0, b = m;
    while (a < m && Math.abs(X[q * m + a]!) <= 1e-9 * mx) a++;
    while (b > a && Math.abs(X[q * m + b - 1]!) <= 1e-9 * mx) b--;
    lo[q] = a; hi[q] = b;
  }
  // Sandwich variance with μ = Xβ: var(a_k) = Σ_i P_ki²·μ_i = Σ_q β_q·Q_kq, P = G⁻¹XᵀW, Q_kq = Σ_i P_ki²·X_iq.
  const Q = new Float64Array(k * np);
  const floorVar = new Float64Array(k); // the variance if every channel held the weights' floor: a lower bound
  for (let j = 0; j < k; j++) {
    const Pj = new Float64Array(m);
    for (let i = 0; i < m; i++) {
      let sum = 0;
      for (let q = 0; q < np; q++) sum += Ginv[j * np + q]! * X[q * m + i]!;
      Pj[i] = sum * w[i]!;
      floorVar[j] += Pj[i]! * Pj[i]! * (floor / n);
    }
    for (let q = 0; q < np; q++) { let sum = 0; for (let i = lo[q]!; i < hi[q]!; i++) sum += Pj[i]! * Pj[i]! * X[q * m + i]!; Q[j * np + q] = sum; }
  }
  const wX = new Float64Array(np * m);
  for (let q = 0; q < np; q++) for (let i = 0; i < m; i++) wX[q * m + i] = X[q * m + i]! * w[i]!;
  const nonNeg = Array.from({ length: np }, (_, j) => j < k);
  const counts = plan.components.map(() => new Float32Array(n));
  const variance = plan.components.map(() => new Float32Array(n));
  const h = new Float64Array(np);
  const beta = new Float64Array(np);
  for (let p = 0; p < n; p++) {
    y.fill(0);
    addChannels(si, p, chans, y);
    for (let q = 0; q < np; q++) {
      let sum = 0;
      const off = q * m;
      for (let i = lo[q]!; i < hi[q]!; i++) sum += wX[off + i]! * y[i]!;
      h[q] = sum;
    }
    // Unconstrained solution first (G⁻¹h); the active set only where an amplitude comes out negative.
    let negative = false;
    for (let a = 0; a < np; a++) {
      let sum = 0;
      for (let b = 0; b < np; b++) sum += Ginv[a * np + b]! * h[b]!;
      beta[a] = sum;
      if (a < k && sum < 0) negative = true;
    }
    if (negative) nnlsNormal(G, h, np, nonNeg, beta);
    for (let j = 0; j < k; j++) {
      let v = 0;
      for (let q = 0; q < np; q++) v += beta[q]! * Q[j * np + q]!;
      counts[j]![p] = beta[j]!;
      variance[j]![p] = Math.max(v, floorVar[j]!);
    }
  }
  return { counts, variance, channels: m, parameters: np };
}

function addChannels(si: SpectrumImage, p: number, chans: number[], out: Float64Array): void {
  // Channels come in runs (one per region): read each run with addSpectrum.
  let i = 0;
  while (i < chans.length) {
    let j = i;
    while (j + 1 < chans.length && chans[j + 1] === chans[j]! + 1) j++;
    addSpectrum(si, p, chans[i]!, chans[j]! + 1, out.subarray(i, j + 1));
    i = j + 1;
  }
}

/** Inverse of a small symmetric positive-definite matrix (Gauss–Jordan); Infinity on the diagonal if singular. */
function invertSpd(G: Float64Array, n: number): Float64Array {
  const a = Float64Array.from(G);
  const inv = new Float64Array(n * n);
  for (let i = 0; i < n; i++) inv[i * n + i] = 1;
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r * n + c]!) > Math.abs(a[piv * n + c]!)) piv = r;
    if (!(Math.abs(a[piv * n + c]!) > 1e-300)) return new Float64Array(n * n).fill(Infinity);
    if (piv !== c) for (let j = 0; j < n; j++) { [a[c * n + j], a[piv * n + j]] = [a[piv * n + j]!, a[c * n + j]!]; [inv[c * n + j], inv[piv * n + j]] = [inv[piv * n + j]!, inv[c * n + j]!]; }
    const d = a[c * n + c]!;
    for (let j = 0; j < n; j++) { a[c * n + j] = a[c * n + j]! / d; inv[c * n + j] = inv[c * n + j]! / d; }
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = a[r * n + c]!;
      if (f === 0) continue;
      for (let j = 0; j < n; j++) { a[r * n + j] = a[r * n + j]! - f * a[c * n + j]!; inv[r * n + j] = inv[r * n + j]! - f * inv[c * n + j]!; }
    }
  }
  return inv;
}
