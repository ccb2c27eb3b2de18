// Seeded, deterministic random numbers: xoshiro128** uniforms, Box–Muller normals, exact Poisson counts.

/** A deterministic random stream. Same (seed, stream) → same sequence on every platform. */
export interface Rng {
  /** The next raw 32-bit output (unsigned). */
  nextUint32(): number;
  /** Uniform in [0, 1) with 53 random bits. */
  uniform(): number;
  /** Standard normal N(0, 1). */
  normal(): number;
  /** Poisson(λ) count, λ ≥ 0; exact for every λ (inversion below 10, PTRS rejection above). */
  poisson(lambda: number): number;
}

// SplitMix32-style finaliser (Steele, Lea & Flood 2014, 32-bit variant) to spread a seed over the state.
function mix32(x: number): number {
  x = (x + 0x9e3779b9) | 0;
  x = Math.imul(x ^ (x >>> 16), 0x21f0aaad);
  x = Math.imul(x ^ (x >>> 15), 0x735a2d97);
  return (x ^ (x >>> 15)) >>> 0;
}

/** Splits a finite seed into low and high 32-bit words (fractions are truncated; negative seeds wrap), deterministically. */
function seedBits(seed: number): [number, number] {
  if (!Number.isFinite(seed)) throw new RangeError(`seed must be a finite number, got ${seed}`);
  const lo = seed >>> 0;
  const hi = Math.floor(seed / 4294967296) >>> 0;
  return [lo, hi];
}

/**
 * A xoshiro128** generator (Blackman & Vigna 2018) seeded from (seed, stream) through SplitMix32.
 * Distinct `stream` values give independent-looking streams for the same seed (e.g. HAADF vs maps).
 */
export function createRng(seed: number, stream = 0): Rng {
  const [lo, hi] = seedBits(seed);
  const [slo, shi] = seedBits(stream);
  let h = mix32(lo ^ mix32(hi ^ mix32(slo ^ mix32(shi))));
  const s = new Uint32Array(4);
  for (let k = 0; k < 4; k++) {
    h = mix32(h + k);
    s[k] = h;
  }
  if ((s[0]! | s[1]! | s[2]! | s[3]!) === 0) s[0] = 1; // the all-zero state is a fixed point

  const nextUint32 = (): number => {
    // xoshiro128** (Blackman & Vigna 2018): result = rotl(s1·5, 7)·9
    const s0 = s[0]!, s1 = s[1]!, s2 = s[2]!, s3 = s[3]!;
    const r = Math.imul(s1, 5);
    const rot = (r << 7) | (r >>> 25);
    const result = Math.imul(rot, 9) >>> 0;
    const t = s1 << 9;
    let n2 = s2 ^ s0;
    let n3 = s3 ^ s1;
    const n1 = s1 ^ n2;
    const n0 = s0 ^ n3;
    n2 ^= t;
    n3 = (n3 << 11) | (n3 >>> 21);
    s[0] = n0; s[1] = n1; s[2] = n2; s[3] = n3;
    return result;
  };

  // 53-bit uniform from two outputs: (a·2^26 + b) / 2^53 (as in Vigna's double conversion).
  const uniform = (): number => {
    const a = nextUint32() >>> 5;
    const b = nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  };

  let spare = 0;
  let hasSpare = false;
  // Box–Muller transform (Box & Muller 1958): r = sqrt(−2 ln u1), z = r cos(2π u2), r sin(2π u2).
  const normal = (): number => {
    if (hasSpare) {
      hasSpare = false;
      return spare;
    }
    const u1 = 1 - uniform(); // (0, 1], so the log is finite
    const u2 = uniform();
    const r = Math.sqrt(-2 * Math.log(u1));
    spare = r * Math.sin(2 * Math.PI * u2);
    hasSpare = true;
    return r * Math.cos(2 * Math.PI * u2);
  };

  const poisson = (lambda: number): number => {
    if (!(lambda >= 0) || !Number.isFinite(lambda)) throw new RangeError(`Poisson mean must be finite and ≥ 0, got ${lambda}`);
    if (lambda === 0) return 0;
    return lambda < 10 ? poissonInversion(lambda, uniform) : poissonPtrs(lambda, uniform);
  };

  return { nextUint32, uniform, normal, poisson };
}

/** Poisson by sequential-search inversion (Devroye 1986, §X.3.3): exact; used for λ < 10. */
function poissonInversion(lambda: number, uniform: () => number): number {
  let k = 0;
  let p = Math.exp(-lambda); // P(0)
  let cdf = p;
  const u = uniform();
  while (u >= cdf) {
    k++;
    p *= lambda / k; // P(k) = P(k−1)·λ/k
    cdf += p;
    if (p === 0 && cdf < u) break; // cdf rounding: u beyond the representable tail
  }
  return k;
}

/** Poisson by transformed rejection with squeeze, PTRS (Hörmann 1993, "The transformed rejection method for generating Poisson random variables"): exact; used for λ ≥ 10. */
function poissonPtrs(lambda: number, uniform: () => number): number {
  const slam = Math.sqrt(lambda);
  const loglam = Math.log(lambda);
  const b = 0.931 + 2.53 * slam;
  const a = -0.059 + 0.02483 * b;
  const invAlpha = 1.1239 + 1.1328 / (b - 3.4);
  const vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const u = uniform() - 0.5;
    const v = uniform();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + lambda + 0.43);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    if (Math.log(v) + Math.log(invAlpha) - Math.log(a / (us * us) + b) <= -lambda + k * loglam - logFactorial(k)) return k;
  }
}

const LOG_FACTORIAL_TABLE = (() => {
  const t = new Float64Array(256);
  for (let k = 1; k < 256; k++) t[k] = t[k - 1]! + Math.log(k); // log k! = Σ log j
  return t;
})();

/** log(k!) for integer k ≥ 0: a table below 256, Stirling's series (Abramowitz & Stegun 6.1.41) above. */
export function logFactorial(k: number): number {
  if (k < 256) return LOG_FACTORIAL_TABLE[k]!;
  const x = k + 1; // log Γ(x) ≈ (x−½)ln x − x + ½ln 2π + 1/(12x) − 1/(360x³) + 1/(1260x⁵)
  const x2 = x * x;
  return (x - 0.5) * Math.log(x) - x + 0.9189385332046728 + (1 / 12 - (1 / 360 - 1 / (1260 * x2)) / x2) / x;
}
