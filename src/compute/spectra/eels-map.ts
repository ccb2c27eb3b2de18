// EELS element maps: per edge, a power-law background fitted in a pre-edge window, extrapolated under the edge
// and subtracted; net counts integrated over a signal window (Egerton §4.4–4.5). No deconvolution of plural
// scattering: the map is the background-subtracted core-loss intensity, in counts, with its variance.

import { InputError } from '../io/errors.js';
import { addSpectrum, rangeEv } from './cube.js';
import { defaultEdge, edgeOnset, type EdgeShell } from './edges.js';
import { extrapolate, fitExponent, fitLogLsq, fitPoisson, fitWindow, type BackgroundFit, type PowerLaw } from './power-law.js';
import type { SpectrumImage } from './types.js';
import { channelEnergiesEv, fmt, requireWindow, type Window } from './windows.js';

/** What to map for one element (windows in eV; omitted ones derived from the edge onset). */
export interface EelsEdgeRequest {
  element: string;
  shell?: EdgeShell;
  preEdge?: Window;
  signal?: Window;
}

export interface EelsOptions {
  /** Background fit (default 'poisson': less biased at low counts, measured in tests/unit/spectra/power-law.test.ts). */
  fit?: BackgroundFit;
  /**
   * Where the exponent r comes from (A is always per pixel): 'local' (default) the 3R×3R pixels around the pixel's R×R cell,
   * 'sum' the sum spectrum, 'pixel' the pixel alone (noisy at low dose: biased, measured in science.test.ts).
   */
  exponent?: 'local' | 'sum' | 'pixel';
  /** Cell size R for 'local' (default 3: r fitted per 3×3 cell on its 9×9 neighbourhood). */
  radius?: number;
}

/** One map with what made it. */
export interface EelsMap {
  element: string;
  shell: EdgeShell;
  onset: number;
  preEdge: Window;
  signal: Window;
  fit: BackgroundFit;
  exponent: 'local' | 'sum' | 'pixel';
  /** Background-subtracted counts per pixel (may be negative where the background is over-estimated). */
  counts: Float32Array;
  /** Per-pixel variance: Poisson variance of the signal window + the extrapolated background's fit variance. */
  variance: Float32Array;
  /** r of the sum spectrum's fit; median of the per-pixel r where per-pixel. */
  r: number;
  /** Pixels whose own fit failed (no counts in the pre-edge) and fell back to the sum spectrum's exponent. */
  fallbackPixels: number;
  /** Sum of net counts, and fraction of pixels with negative net counts. */
  total: number;
  negativeFraction: number;
}

/** Default windows for an onset E₀: gap = clamp(0.01·E₀, 3, 20), pre-edge width clamp(0.15·E₀, 20, 150), signal width clamp(0.1·E₀, 20, 100) eV. */
export function defaultEelsWindows(onset: number): { preEdge: Window; signal: Window } {
  const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));
  const gap = clamp(0.01 * onset, 3, 20);
  const pre = clamp(0.15 * onset, 20, 150);
  const sig = clamp(0.1 * onset, 20, 100);
  return { preEdge: [onset - gap - pre, onset - gap], signal: [onset, onset + sig] };
}

/** Resolve an element's edge and windows on this SI's axis; InputError (naming the file) when they do not fit. */
export function resolveEelsEdge(si: SpectrumImage, req: EelsEdgeRequest): { shell: EdgeShell; onset: number; preEdge: Window; signal: Window } {
  const file = si.source.file;
  const [lo, hi] = rangeEv(si.energy);
  let shell = req.shell;
  let onset: number | null = null;
  if (shell) {
    onset = edgeOnset(req.element, shell);
    if (onset === null) throw new InputError(file, `${req.element} has no ${shell} edge in fusem's table`);
  } else {
    const d = defaultEdge(req.element, lo, hi);
    if (!d) throw new InputError(file, `no K, L2,3 or M4,5 edge of ${req.element} lies inside the energy axis (${fmt(lo)}–${fmt(hi)} eV) with room for a pre-edge window`);
    shell = d.shell;
    onset = d.onset;
  }
  const def = defaultEelsWindows(onset);
  const preEdge = req.preEdge ?? def.preEdge;
  const signal = req.signal ?? def.signal;
  requireWindow(file, si.energy, preEdge, `${req.element} ${shell} pre-edge window`, 3);
  requireWindow(file, si.energy, signal, `${req.element} ${shell} signal window`, 1);
  if (preEdge[1] > signal[0]) throw new InputError(file, `${req.element} ${shell}: the pre-edge window must end before the signal window starts`);
  if (preEdge[0] <= 0) throw new InputError(file, `${req.element} ${shell}: the pre-edge window must lie at positive energy loss for a power law`);
  return { shell, onset, preEdge, signal };
}

function fitWith(method: BackgroundFit, y: ArrayLike<number>, w: ReturnType<typeof fitWindow>): PowerLaw | null {
  return method === 'poisson' ? fitPoisson(y, w) : fitLogLsq(y, w);
}

/** Map one edge over the whole SI, pixel by pixel, reading only the windows' channels. */
export function eelsMap(si: SpectrumImage, req: EelsEdgeRequest, opts: EelsOptions = {}): EelsMap {
  const method = opts.fit ?? 'poisson';
  const exponent = opts.exponent ?? 'local';
  const radius = opts.radius ?? 3;
  const { shell, onset, preEdge, signal } = resolveEelsEdge(si, req);
  const [p0, p1] = requireWindow(si.source.file, si.energy, preEdge, 'pre-edge window', 3);
  const [s0, s1] = requireWindow(si.source.file, si.energy, signal, 'signal window', 1);
  const preW = fitWindow(channelEnergiesEv(si.energy, p0, p1));
  const sigW = fitWindow(channelEnergiesEv(si.energy, s0, s1));
  const n = si.rows * si.cols;
  const pre = new Float64Array(p1 - p0);
  const sig = new Float64Array(s1 - s0);

  // The sum spectrum's fit gives the exponent for 'sum' mode and for pixels whose own fit fails.
  const sumPre = new Float64Array(p1 - p0);
  for (let p = 0; p < n; p++) addSpectrum(si, p, p0, p1, sumPre);
  const sumFit = fitWith(method, sumPre, preW);
  if (!sumFit) throw new InputError(si.source.file, `${req.element} ${shell}: no counts in the pre-edge window ${fmt(preEdge[0])}–${fmt(preEdge[1])} eV`);
  const rSum = sumFit.r;
  /**
   * For a fit of r on a pre-edge spectrum: B = ratio·(pixel's pre-edge counts), ratio = Σ_signal E^−r / Σ_pre E^−r,
   * and the relative variance of that ratio from the fit's r (var B/B² minus the counts' own 1/N).
   */
  const ratioOf = (fit: PowerLaw, preTotal: number): { ratio: number; relVar: number } => {
    let numer = 0, denom = 0;
    for (const le of sigW.logE) numer += Math.exp(-fit.r * (le - preW.logE[0]!));
    for (const le of preW.logE) denom += Math.exp(-fit.r * (le - preW.logE[0]!));
    const b = extrapolate(fit, sigW);
    const relVar = b.background > 0 && preTotal > 0 ? Math.max(0, b.variance / (b.background * b.background) - 1 / preTotal) : 0;
    return { ratio: numer / denom, relVar };
  };
  const sumRatio = ratioOf(sumFit, sumPre.reduce((a, b) => a + b, 0));
  // 'local': r fitted once per R×R cell, on the 3×3 cells around it (r varies slowly; R² fewer fits).
  const stride = Math.max(1, radius);
  const cellCols = Math.ceil(si.cols / stride), cellRows = Math.ceil(si.rows / stride);
  let cells: ({ r: number; ratio: number; relVar: number } | null)[] | null = null;
  if (exponent === 'local') {
    cells = [];
    const L = p1 - p0;
    // Pre-edge sums per cell (each pixel read once), then per cell the sum over its 3×3 cells: a (3R)² neighbourhood.
    const cellSum = new Float64Array(cellRows * cellCols * L);
    const tmp = new Float64Array(L);
    for (let y = 0; y < si.rows; y++) for (let x = 0; x < si.cols; x++) {
      tmp.fill(0);
      addSpectrum(si, y * si.cols + x, p0, p1, tmp);
      const o = (Math.floor(y / stride) * cellCols + Math.floor(x / stride)) * L;
      for (let i = 0; i < L; i++) cellSum[o + i] += tmp[i]!;
    }
    const localPre = new Float64Array(L);
    let rPrev = rSum;
    for (let cy = 0; cy < cellRows; cy++) for (let cx = 0; cx < cellCols; cx++) {
      localPre.fill(0);
      for (let yy = Math.max(0, cy - 1); yy <= Math.min(cellRows - 1, cy + 1); yy++) {
        for (let xx = Math.max(0, cx - 1); xx <= Math.min(cellCols - 1, cx + 1); xx++) {
          const o = (yy * cellCols + xx) * L;
          for (let i = 0; i < L; i++) localPre[i] += cellSum[o + i]!;
        }
      }
      let t = 0;
      for (let i = 0; i < L; i++) t += localPre[i]!;
      // Poisson ML of r (fast path, warm-started at the previous cell's r); log-LSQ when asked.
      const lf = method === 'poisson' ? fitExponent(localPre, preW, sigW, rPrev) : (() => { const f = fitLogLsq(localPre, preW); return f ? { r: f.r, ...ratioOf(f, t) } : null; })();
      if (lf && lf.r > -5 && lf.r < 15) { cells.push(lf); rPrev = lf.r; } else cells.push(null);
    }
  }

  const counts = new Float32Array(n);
  const variance = new Float32Array(n);
  const rs: number[] = [];
  let fallback = 0, total = 0, negative = 0;
  for (let p = 0; p < n; p++) {
    pre.fill(0);
    sig.fill(0);
    addSpectrum(si, p, p0, p1, pre);
    addSpectrum(si, p, s0, s1, sig);
    let ySig = 0;
    for (let i = 0; i < sig.length; i++) ySig += sig[i]!;
    let bg: number, bgVar: number;
    const own = exponent === 'pixel' ? fitWith(method, pre, preW) : null;
    let yPre = 0;
    for (let i = 0; i < pre.length; i++) yPre += Math.max(0, pre[i]!);
    if (own && own.r > -5 && own.r < 15) {
      const e = extrapolate(own, sigW);
      bg = e.background;
      bgVar = e.variance;
      rs.push(own.r);
    } else {
      let rr = sumRatio;
      if (cells) {
        const c = cells[Math.floor(Math.floor(p / si.cols) / stride) * cellCols + Math.floor((p % si.cols) / stride)];
        if (c) rr = c; else fallback++;
      } else if (exponent === 'pixel') fallback++;
      bg = rr.ratio * yPre;
      // var B = ratio²·var(pre counts) + B²·(relative variance of the ratio from the fit's r)
      bgVar = rr.ratio * rr.ratio * Math.max(yPre, 1) + bg * bg * rr.relVar;
    }
    const net = ySig - bg;
    counts[p] = net;
    variance[p] = Math.max(ySig, 0) + bgVar;
    total += net;
    if (net < 0) negative++;
  }
  if (cells) for (const c of cells) if (c) rs.push(c.r);
  rs.sort((a, b) => a - b);
  return {
    element: req.element, shell, onset, preEdge, signal, fit: method, exponent, counts, variance,
    r: exponent !== 'sum' && rs.length > 0 ? rs[Math.floor(rs.length / 2)]! : rSum,
    fallbackPixels: fallback, total, negativeFraction: negative / n,
  };
}

