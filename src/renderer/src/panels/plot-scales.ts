// Scales and ticks for the small SVG plots (convergence, line profiles, histograms): data → pixel, linear or log10.

import { niceTicks } from '../../../shared/figure/ticks.js';

export interface Scale {
  (v: number): number;
  readonly domain: readonly [number, number];
  readonly range: readonly [number, number];
  readonly log: boolean;
  ticks(max?: number): { value: number; label: string }[];
}

/** Linear map of [d0, d1] onto [r0, r1]; a zero-width domain maps everything to the middle of the range. */
export function linearScale(domain: readonly [number, number], range: readonly [number, number]): Scale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const f = ((v: number) => (d1 === d0 ? (r0 + r1) / 2 : r0 + ((v - d0) / (d1 - d0)) * (r1 - r0))) as Scale;
  return Object.assign(f, {
    domain, range, log: false,
    ticks: (max = 5) => (Number.isFinite(d0) && Number.isFinite(d1) ? niceTicks(d0, d1, max) : []).map((t) => ({ value: t.value, label: t.label })),
  });
}

/** log10 map of [d0, d1] (both > 0) onto [r0, r1]; ticks at powers of ten (and 2, 5 × when there are few decades). */
export function logScale(domain: readonly [number, number], range: readonly [number, number]): Scale {
  const [d0, d1] = domain;
  if (!(d0 > 0 && d1 > 0)) throw new RangeError(`a log scale needs a positive domain, got [${d0}, ${d1}]`);
  const l0 = Math.log10(d0), l1 = Math.log10(d1);
  const [r0, r1] = range;
  const f = ((v: number) => (v > 0 ? (l1 === l0 ? (r0 + r1) / 2 : r0 + ((Math.log10(v) - l0) / (l1 - l0)) * (r1 - r0)) : NaN)) as Scale;
  return Object.assign(f, {
    domain, range, log: true,
    ticks: (max = 5) => logTicks(Math.min(d0, d1), Math.max(d0, d1), max),
  });
}

/** Decade ticks within [lo, hi]; 1-2-5 ticks when the range spans less than two decades; thinned to at most `max`. */
export function logTicks(lo: number, hi: number, max = 5): { value: number; label: string }[] {
  const e0 = Math.floor(Math.log10(lo)), e1 = Math.ceil(Math.log10(hi));
  const mantissas = e1 - e0 <= 2 ? [1, 2, 5] : [1];
  const out: number[] = [];
  for (let e = e0; e <= e1; e++) for (const m of mantissas) {
    const v = m * 10 ** e;
    if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) out.push(v);
  }
  let ticks = out;
  if (ticks.length > max) {
    const decades = out.filter((v) => Math.abs(Math.log10(v) - Math.round(Math.log10(v))) < 1e-9);
    const stride = Math.ceil(decades.length / max);
    ticks = decades.filter((_, i) => i % stride === 0);
  }
  if (ticks.length === 0) ticks = [lo, hi];
  return ticks.map((value) => ({ value, label: formatCompact(value) }));
}

/** A short label: 3 significant digits, exponential outside 1e-3 … 1e5. */
export function formatCompact(v: number): string {
  if (!Number.isFinite(v)) return '';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e5 || a < 1e-3) {
    const [m, e] = v.toExponential(2).split('e');
    return `${Number(m)}e${Number(e)}`;
  }
  return String(Number(v.toPrecision(3)));
}

/** [min, max] of the finite values (and > 0 ones for a log scale); null when there are none. */
export function extent(values: Iterable<number>, positiveOnly = false): [number, number] | null {
  let lo = Infinity, hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v) || (positiveOnly && v <= 0)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : null;
}

/** Widen a degenerate or tight extent by a margin fraction on each side (linear scales). */
export function padExtent([lo, hi]: readonly [number, number], fraction = 0.05): [number, number] {
  if (hi === lo) {
    const d = lo === 0 ? 1 : Math.abs(lo) * 0.1;
    return [lo - d, hi + d];
  }
  const d = (hi - lo) * fraction;
  return [lo - d, hi + d];
}

/** Widen a log extent by a factor on each side. */
export function padLogExtent([lo, hi]: readonly [number, number], factor = 1.25): [number, number] {
  return hi === lo ? [lo / 2, hi * 2] : [lo / factor, hi * factor];
}

/** An SVG path "M x y L x y …" through the points, broken where a coordinate is not finite. */
export function linePath(xs: ArrayLike<number>, ys: ArrayLike<number>): string {
  let d = '';
  let pen = false;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]!, y = ys[i]!;
    if (!Number.isFinite(x) || !Number.isFinite(y)) { pen = false; continue; }
    d += `${pen ? 'L' : 'M'}${x.toFixed(1)} ${y.toFixed(1)}`;
    pen = true;
  }
  return d;
}
