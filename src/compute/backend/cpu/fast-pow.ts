// x^g for a float32 x ≥ 0 without Math.pow (≈50 ns per call in V8): x^g = exp(g·ln x), table-driven
// (Tang, "Table-driven implementation of the exponential/logarithm function", ACM TOMS 15(2) 1989 / 16(4) 1990):
// ln x = e·ln2 + ln c_j + ln(m/c_j) from the float32 bits, exp y = 2^(k/256)·e^u, both series to 4th order.
// Relative error < 1e-13, far below float32's 6e-8.

const LOG_TABLE_BITS = 8;
const LOG_TABLE = 1 << LOG_TABLE_BITS;
/** 1/c_j and ln c_j for the centres c_j = 1 + (j + ½)/256 of the mantissa intervals. */
export const invCentre = new Float64Array(LOG_TABLE);
export const lnCentre = new Float64Array(LOG_TABLE);
for (let j = 0; j < LOG_TABLE; j++) {
  const c = 1 + (j + 0.5) / LOG_TABLE;
  invCentre[j] = 1 / c;
  lnCentre[j] = Math.log(c);
}
/** 2^(j/256), j ∈ [0, 256). */
const EXP_TABLE = 256;
export const exp2Fraction = new Float64Array(EXP_TABLE);
for (let j = 0; j < EXP_TABLE; j++) exp2Fraction[j] = Math.pow(2, j / EXP_TABLE);
/** 2^n for n ∈ [−POW2_OFFSET, POW2_OFFSET]. */
export const POW2_OFFSET = 1100;
export const pow2 = new Float64Array(2 * POW2_OFFSET + 1);
for (let n = -POW2_OFFSET; n <= POW2_OFFSET; n++) pow2[n + POW2_OFFSET] = Math.pow(2, n);

/**
 * The tables as the WebAssembly kernels read them (cost.as, refit.as): 1/c_j, ln c_j, 2^(j/256) (256 float64 each),
 * then 2^n, written into `buffer` at byte offset `at` (wasm/layout.ts TABLE_BYTES long).
 */
export function writePowTables(buffer: ArrayBufferLike, at: number): void {
  const tables = new Float64Array(buffer, at, 3 * 256 + pow2.length);
  tables.set(invCentre, 0);
  tables.set(lnCentre, 256);
  tables.set(exp2Fraction, 512);
  tables.set(pow2, 768);
}

const LN2 = Math.LN2;
const EXP_SCALE = EXP_TABLE / Math.LN2;
const LN2_BY_EXP_TABLE = Math.LN2 / EXP_TABLE;
const MANTISSA_SCALE = 1 / 8388608; // 2^-23

/**
 * x^g for x = the float32 whose bit pattern (as int32) is `bits`; pass both. Valid for 0 < g ≤ 8.
 * Zero gives 0; subnormal, negative, ∞ and NaN inputs fall back to Math.pow.
 */
export function powFloat32(x: number, bits: number, g: number): number {
  const biased = bits >>> 23; // includes the sign bit: negative inputs land ≥ 256
  if ((biased - 1) >>> 0 >= 254) return bits === 0 ? 0 : Math.pow(x, g);
  const mbits = bits & 0x7fffff;
  const j = mbits >>> (23 - LOG_TABLE_BITS);
  const d = (1 + mbits * MANTISSA_SCALE) * invCentre[j]! - 1; // m/c_j − 1, |d| < 2^-9
  // ln(1 + d) = d − d²/2 + d³/3 − d⁴/4, truncation < 6e-15
  const ln1d = d * (1 - d * (0.5 - d * (1 / 3 - d * 0.25)));
  const y = g * ((biased - 127) * LN2 + lnCentre[j]! + ln1d);
  const k = Math.floor(y * EXP_SCALE + 0.5) | 0;
  const u = y - k * LN2_BY_EXP_TABLE; // |u| ≤ ln2/512
  // e^u = 1 + u + u²/2 + u³/6 + u⁴/24, truncation < 4e-17
  const eu = 1 + u * (1 + u * (0.5 + u * (1 / 6 + u * (1 / 24))));
  return pow2[(k >> 8) + POW2_OFFSET]! * exp2Fraction[k & 255]! * eu;
}

/** How powBy computes x^g: 1 for g = 1 (x itself), 2 for g = ½ (√x), 0 for powFloat32. */
export function powMode(g: number): number {
  return g === 1 ? 1 : g === 0.5 ? 2 : 0;
}

/** x^g with the exact shortcut `mode` = powMode(g) chose. */
export function powBy(x: number, bits: number, g: number, mode: number): number {
  return mode === 1 ? x : mode === 2 ? Math.sqrt(x) : powFloat32(x, bits, g);
}
