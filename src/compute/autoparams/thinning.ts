// Poisson thinning: split a count map b into b₁ ~ Binomial(b, ½) and b₂ = b − b₁. For b ~ Poisson(μ), b₁ and b₂ are
// independent Poisson(μ/2) — two independent half-dose acquisitions of the same specimen from one.

import { countQuantum } from '../model/data-terms/noise.js';
import type { Rng } from '../simulate/random.js';

/** Set bits in a 32-bit word. */
function popcount32(v: number): number {
  v = v - ((v >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
}

/** Counts up to this are split exactly (at most EXACT_HALF_LIMIT / 32 draws per pixel). */
export const EXACT_HALF_LIMIT = 1 << 16;

/**
 * Binomial(n, ½): exact below EXACT_HALF_LIMIT (the number of set bits among n fair random bits, n/32 draws); above
 * it, round(n/2 + (√n/2)·z) clamped to [0, n], the normal limit (de Moivre–Laplace; total-variation error
 * O(1/√n) < 0.4 % there), so a map of 10⁶ counts per pixel (or 3·10³⁸) costs one draw per pixel, not n/32.
 */
export function binomialHalf(n: number, rng: Rng): number {
  if (!(Number.isInteger(n) && n >= 0)) throw new RangeError(`binomial n must be a non-negative integer, got ${n}`);
  if (n > EXACT_HALF_LIMIT) return Math.min(n, Math.max(0, Math.round(n / 2 + 0.5 * Math.sqrt(n) * rng.normal())));
  let k = 0;
  let left = n;
  while (left >= 32) { k += popcount32(rng.nextUint32()); left -= 32; }
  if (left > 0) k += popcount32(rng.nextUint32() >>> (32 - left));
  return k;
}

/** Binomial(n, p), exact: fair bits for p = ½, otherwise a sum of n Bernoulli(p) draws (O(n), meant for small n). */
export function binomial(n: number, p: number, rng: Rng): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`binomial p must be in [0, 1], got ${p}`);
  if (p === 0.5) return binomialHalf(n, rng);
  if (!(Number.isInteger(n) && n >= 0)) throw new RangeError(`binomial n must be a non-negative integer, got ${n}`);
  let k = 0;
  for (let j = 0; j < n; j++) if (rng.uniform() < p) k++;
  return k;
}

/** True when every value of every map is a non-negative integer (raw counts, which thinning can split). */
export function isCountData(maps: readonly ArrayLike<number>[]): boolean {
  for (const m of maps) {
    for (let k = 0; k < m.length; k++) {
      const v = m[k]!;
      if (!(v >= 0 && Number.isInteger(v))) return false;
    }
  }
  return maps.length > 0;
}

/** Thin every map into two halves with b₁ + b₂ = b exactly. */
export function thinMaps(maps: readonly Float32Array[], rng: Rng): [Float32Array[], Float32Array[]] {
  const first: Float32Array[] = [];
  const second: Float32Array[] = [];
  for (const m of maps) {
    const a = new Float32Array(m.length);
    const b = new Float32Array(m.length);
    for (let k = 0; k < m.length; k++) {
      const v = m[k]!;
      const h = binomialHalf(v, rng);
      a[k] = h;
      b[k] = v - h;
    }
    first.push(a);
    second.push(b);
  }
  return [first, second];
}

/**
 * The first halves b₁ of thinMaps (the same draws, in its order) without the second: b₂ = b − b₁ is left to the caller
 * (equal to thinMaps' b₂ while b < 2²⁴, where float32 holds every integer), which saves a map's memory and pass.
 */
export function thinnedFirstHalves(maps: readonly Float32Array[], rng: Rng): Float32Array[] {
  return maps.map((m) => {
    const a = new Float32Array(m.length);
    for (let k = 0; k < m.length; k++) a[k] = binomialHalf(m[k]!, rng);
    return a;
  });
}

/**
 * Per map, the step q its values are counts in (b = q·n, n non-negative integers: counts, or counts times a factor,
 * model/data-terms/noise.ts countQuantum), or null when some map is not such counts (negatives, fractions).
 */
export function countSteps(maps: readonly Float32Array[]): number[] | null {
  const steps: number[] = [];
  for (const m of maps) {
    let negative = false;
    for (let k = 0; k < m.length && !negative; k++) negative = m[k]! < 0;
    if (negative) return null;
    const q = countQuantum(m); // as the data term reads it (choose.ts): counts × 4 are steps of 4, not counts
    if (q === null && !isCountData([m])) return null;
    steps.push(q ?? 1); // null for a map of one value: as counts
  }
  return maps.length > 0 ? steps : null;
}

/** Thin maps of counts in steps q_i (countSteps): n = round(b/q) thinned, both halves times q again. */
export function thinScaledMaps(maps: readonly Float32Array[], steps: readonly number[], rng: Rng): [Float32Array[], Float32Array[]] {
  const counts = maps.map((m, i) => Float32Array.from(m, (v) => Math.round(v / steps[i]!)));
  const [a, b] = thinMaps(counts, rng);
  const scale = (h: Float32Array[]) => h.map((m, i) => (steps[i] === 1 ? m : Float32Array.from(m, (v) => v * steps[i]!)));
  return [scale(a), scale(b)];
}
