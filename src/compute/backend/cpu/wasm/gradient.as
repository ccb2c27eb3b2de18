// AssemblyScript source of the WebAssembly SIMD (f32x4) gradient step (compiled with fgp.as by build.mjs).
// Same mathematics as ../gradient-step.ts, in float32 arithmetic:
// x_i ← max(0, x_i − τ·∇_iΨ1 − λ_chem·∇_iΨ2),  ∇_iΨ1 = −γ a_i x_i^(γ−1) (h − Σ_j a_j x_j^γ),
// ∇_iΨ2 = 1 − b_i ⊘ (x_i + ε) (Poisson) or x_i − b_i (least squares).

const LOG2E: f32 = 1.4426950408889634;
const LN2: f32 = 0.6931471805599453;

/**
 * log2 x for x > 0 (normal floats), four lanes: e + ln(m)·log2e from the float bits, ln m = 2 atanh((m−1)/(m+1))
 * to t⁹, m ∈ [√½, √2]. Relative error a few float32 ulps.
 */
@inline
export function log2V(x: v128): v128 {
  const one = f32x4.splat(1);
  const bits = x;
  let e = i32x4.sub(i32x4.shr_u(bits, 23), i32x4.splat(127));
  let m = v128.or(v128.and(bits, i32x4.splat(0x7fffff)), i32x4.splat(0x3f800000)); // m ∈ [1, 2)
  const big = f32x4.gt(m, f32x4.splat(1.4142135623730951));
  m = v128.bitselect(f32x4.mul(m, f32x4.splat(0.5)), m, big);
  e = i32x4.sub(e, big); // big lanes are −1: e + 1
  const t = f32x4.div(f32x4.sub(m, one), f32x4.add(m, one));
  const t2 = f32x4.mul(t, t);
  let s = f32x4.add(f32x4.splat(<f32>(1.0 / 7)), f32x4.mul(t2, f32x4.splat(<f32>(1.0 / 9))));
  s = f32x4.add(f32x4.splat(<f32>(1.0 / 5)), f32x4.mul(t2, s));
  s = f32x4.add(f32x4.splat(<f32>(1.0 / 3)), f32x4.mul(t2, s));
  s = f32x4.add(one, f32x4.mul(t2, s));
  const log2m = f32x4.mul(f32x4.mul(t, s), f32x4.splat(2 * LOG2E));
  return f32x4.add(f32x4.convert_i32x4_s(e), log2m);
}

/**
 * x^g for x ≥ 0, 0 < g ≤ 1, four lanes: 2^(g·log2 x) (log2V) and 2^f by its Taylor series to 7th order,
 * f ∈ [−½, ½]. Relative error a few float32 ulps for x within a few decades of 1; x = 0 gives 0.
 */
@inline
function powV(x: v128, g: v128): v128 {
  const one = f32x4.splat(1);
  const y = f32x4.mul(g, log2V(x)); // g·log2 x
  const n = f32x4.nearest(y);
  const u = f32x4.mul(f32x4.sub(y, n), f32x4.splat(LN2)); // |u| ≤ ln2/2
  let p = f32x4.add(f32x4.splat(<f32>(1.0 / 720)), f32x4.mul(u, f32x4.splat(<f32>(1.0 / 5040))));
  p = f32x4.add(f32x4.splat(<f32>(1.0 / 120)), f32x4.mul(u, p));
  p = f32x4.add(f32x4.splat(<f32>(1.0 / 24)), f32x4.mul(u, p));
  p = f32x4.add(f32x4.splat(<f32>(1.0 / 6)), f32x4.mul(u, p));
  p = f32x4.add(f32x4.splat(0.5), f32x4.mul(u, p));
  p = f32x4.add(one, f32x4.mul(u, p));
  p = f32x4.add(one, f32x4.mul(u, p)); // e^u
  const scale = i32x4.shl(i32x4.add(i32x4.trunc_sat_f32x4_s(n), i32x4.splat(127)), 23); // 2^n
  const r = f32x4.mul(p, scale);
  return v128.bitselect(f32x4.splat(0), r, f32x4.eq(x, f32x4.splat(0)));
}

/** x^g by `mode`: 1 → x (g = 1), 2 → √x (g = ½), 0 → powV. */
@inline
export function powBy(x: v128, g: v128, mode: i32): v128 {
  return mode == 1 ? x : mode == 2 ? f32x4.sqrt(x) : powV(x, g);
}

@inline
export function load4(ptr: usize, full: bool): v128 {
  return full ? v128.load(ptr) : v128.load32_splat(ptr);
}

@inline
function store4(ptr: usize, v: v128, full: bool): void {
  if (full) v128.store(ptr, v);
  else v128.store32_lane(ptr, v, 0);
}

/** The gradient step on 4 pixels (full) or 1 pixel (lane 0) at pixel index k of every element, in place. */
@inline
function stepPixels(k: i32, full: bool, x: usize, maps: usize, haadf: usize, weights: usize, ne: i32, pixels: i32, g: v128, gamma: f32, mode: i32, step: v128, lc: v128, eps: v128, poisson: bool, scratch: usize): void {
  const kb = <usize>k << 2;
  const eb = <usize>pixels << 2;
  let model = f32x4.splat(0); // m = Σ a_i x_i^γ
  for (let i = 0; i < ne; i++) {
    const xv = load4(x + <usize>i * eb + kb, full);
    const pg = powBy(xv, g, mode);
    v128.store(scratch + (<usize>i << 4), pg);
    model = f32x4.add(model, f32x4.mul(f32x4.splat(<f32>load<f64>(weights + (<usize>i << 3))), f32x4.mul(xv, pg)));
  }
  const r = f32x4.sub(load4(haadf + kb, full), model);
  const one = f32x4.splat(1);
  for (let i = 0; i < ne; i++) {
    const at = <usize>i * eb + kb;
    const xv = load4(x + at, full);
    const ga = f32x4.splat(<f32>(-gamma * load<f64>(weights + (<usize>i << 3))));
    const g1 = f32x4.mul(f32x4.mul(ga, v128.load(scratch + (<usize>i << 4))), r);
    const b = load4(maps + at, full);
    const g2 = poisson ? f32x4.sub(one, f32x4.div(b, f32x4.add(xv, eps))) : f32x4.sub(xv, b);
    const v = f32x4.sub(f32x4.sub(xv, f32x4.mul(step, g1)), f32x4.mul(lc, g2));
    store4(x + at, f32x4.pmax(f32x4.splat(0), v), full);
  }
}

/**
 * x_i ← max(0, x_i − τ∇_iΨ1 − λ_chem∇_iΨ2): the gradient step on pixels [k0, k1) of the `ne` element images in x (in place), from maps, haadf and the
 * float64 weights; mode = 1 for γ = 2, 2 for γ = 1.5, else 0. scratch: 16·ne bytes.
 */
export function gradientStep(x: usize, maps: usize, haadf: usize, weights: usize, ne: i32, pixels: i32, k0: i32, k1: i32, gamma: f32, stepHaadf: f32, lambdaChem: f32, eps: f32, poisson: bool, mode: i32, scratch: usize): void {
  const g = f32x4.splat(gamma - 1);
  const step = f32x4.splat(stepHaadf);
  const lc = f32x4.splat(lambdaChem);
  const ep = f32x4.splat(eps);
  let k = k0;
  for (; k + 4 <= k1; k += 4) stepPixels(k, true, x, maps, haadf, weights, ne, pixels, g, gamma, mode, step, lc, ep, poisson, scratch);
  for (; k < k1; k++) stepPixels(k, false, x, maps, haadf, weights, ne, pixels, g, gamma, mode, step, lc, ep, poisson, scratch);
}
