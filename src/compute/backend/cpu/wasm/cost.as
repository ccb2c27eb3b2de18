// AssemblyScript source of the cost terms of DESIGN.md §1 on rows of a tile (compiled with fgp.as and
// gradient.as by build.mjs), float32 per pixel, summed in float64 (f64x2):
// Ψ1 = Σ (h − Σ_i a_i x_i^γ)², Ψ2 = Σ x − b·ln(x + ε) (Poisson) or Σ (x − b)², TV = Σ_i Σ √(Δy² + Δx²) (Neumann).
// (The ½ of Ψ1 and of the least-squares Ψ2 is applied by the caller.)

import { load4, log2V, powBy } from './gradient';

const LN2: f32 = 0.6931471805599453;

@inline
function low(v: v128): v128 {
  return f64x2.promote_low_f32x4(v);
}

@inline
function high(v: v128): v128 {
  return f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 2, 3));
}

/** Adds the lanes of v (4 lanes, or lane 0 alone when !full) to the f64x2 accumulator. */
@inline
function accumulate(acc: v128, v: v128, full: bool): v128 {
  if (!full) return f64x2.add(acc, f64x2.replace_lane(f64x2.splat(0), 0, <f64>f32x4.extract_lane(v, 0)));
  return f64x2.add(f64x2.add(acc, low(v)), high(v));
}

@inline
function sumLanes(v: v128): f64 {
  return f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1);
}

/**
 * Cost sums over rows [y0, y1) of the `ne` element images in x (element stride `stride` floats, rows of `width`),
 * with maps, haadf (same rows), float64 weights; mode as gradientStep's. TV: the row below row y1 − 1 is read
 * only when tvLast = 1 (else Δy = 0 there: the image's last row, or a pair the caller adds). out: 3 float64,
 * (Σ r², Ψ2 sum, TV). scratch: 16·ne bytes.
 */
export function costRows(x: usize, maps: usize, haadf: usize, weights: usize, ne: i32, stride: i32, width: i32, y0: i32, y1: i32, tvLast: i32, gamma: f32, eps: f32, poisson: bool, mode: i32, scratch: usize, out: usize): void {
  const g = f32x4.splat(gamma - 1);
  const ep = f32x4.splat(eps);
  const eb = <usize>stride << 2;
  const k0 = y0 * width, k1 = y1 * width;
  let psi1 = f64x2.splat(0), sx = f64x2.splat(0), sb = f64x2.splat(0), tv = f64x2.splat(0);
  let k = k0;
  while (k < k1) {
    const full = k + 4 <= k1;
    const kb = <usize>k << 2;
    let model = f32x4.splat(0); // m = Σ a_i x_i^γ
    for (let i = 0; i < ne; i++) {
      const at = <usize>i * eb + kb;
      const xv = load4(x + at, full);
      model = f32x4.add(model, f32x4.mul(f32x4.splat(<f32>load<f64>(weights + (<usize>i << 3))), f32x4.mul(xv, powBy(xv, g, mode))));
      const b = load4(maps + at, full);
      if (poisson) {
        sx = accumulate(sx, xv, full);
        sb = accumulate(sb, f32x4.mul(b, f32x4.mul(log2V(f32x4.add(xv, ep)), f32x4.splat(LN2))), full);
      } else {
        const d = f32x4.sub(xv, b);
        sx = accumulate(sx, f32x4.mul(d, d), full);
      }
    }
    const r = f32x4.sub(load4(haadf + kb, full), model);
    psi1 = accumulate(psi1, f32x4.mul(r, r), full);
    k += full ? 4 : 1;
  }
  const rowBytes = <usize>width << 2;
  for (let i = 0; i < ne; i++) {
    for (let y = y0; y < y1; y++) {
      const row = x + <usize>i * eb + <usize>y * rowBytes;
      const dyOn = y < y1 - 1 || tvLast !== 0;
      const below = dyOn ? row + rowBytes : row; // row − row = 0: no Δy
      let c = 0;
      for (; c + 4 <= width - 1; c += 4) {
        const o = <usize>c << 2;
        const v = v128.load(row + o);
        const dy = f32x4.sub(v, v128.load(below + o));
        const dx = f32x4.sub(v, v128.load(row + o + 4));
        tv = accumulate(tv, f32x4.sqrt(f32x4.add(f32x4.mul(dy, dy), f32x4.mul(dx, dx))), true);
      }
      for (; c < width; c++) {
        const o = <usize>c << 2;
        const v = load<f32>(row + o);
        const dy: f32 = v - load<f32>(below + o);
        const dx: f32 = c < width - 1 ? v - load<f32>(row + o + 4) : 0;
        tv = accumulate(tv, f32x4.splat(Mathf.sqrt(dy * dy + dx * dx)), false);
      }
    }
  }
  store<f64>(out, sumLanes(psi1));
  store<f64>(out + 8, poisson ? sumLanes(sx) - sumLanes(sb) : sumLanes(sx));
  store<f64>(out + 16, sumLanes(tv));
}
