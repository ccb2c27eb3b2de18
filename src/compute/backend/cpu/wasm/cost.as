// AssemblyScript source of the cost terms of DESIGN.md §1 on rows of a tile (compiled with fgp.as and
// gradient.as by build.mjs). The solver compares F between iterations to the last few digits, so the terms are
// as exact as in ../cost-rows.ts: Ψ2 in float64 scalar arithmetic (ln by the tables of ../fast-pow.ts to 6th
// order, < 1e-16), TV in float64x2 (differences of float32 values are exact in float64), Ψ1 with the model in
// float32 as there, from the gradient step's f32x4 power (a few float32 ulps; the only term not to ~1e-16).
// Ψ1 = Σ (h − Σ_i a_i x_i^γ)² (model and residual rounded to float32, as model/forward.ts), Ψ2 = Σ x − b·ln(x + ε)
// (Poisson) or Σ (x − b)², TV = Σ_i Σ √(Δy² + Δx²) (Neumann). The ½ of Ψ1 and of least squares: the caller's.

import { load4, powBy } from './gradient';

const LN2: f64 = 0.6931471805599453;

// Table offsets in bytes from `tables` (float64): 1/c_j, ln c_j (256 each), then (unused here) 2^(j/256), 2^n.
const INV_CENTRE = 0;
const LN_CENTRE = 2048;

/** ln v for a normal float64 v > 0: e·ln2 + ln c_j + ln(m/c_j), the series to d⁶ (|d| < 2⁻⁹). */
@inline
function lnF64(v: f64, tables: usize): f64 {
  const bits = reinterpret<i64>(v);
  const e = <i32>(bits >>> 52) - 1023;
  const mantissa = bits & 0xfffffffffffff;
  const j = <usize>(mantissa >>> 44) << 3;
  const m = reinterpret<f64>(mantissa | 0x3ff0000000000000);
  const d = m * load<f64>(tables + INV_CENTRE + j) - 1;
  const ln1d = d * (1 - d * (0.5 - d * (1.0 / 3 - d * (0.25 - d * (0.2 - d * (1.0 / 6))))));
  return <f64>e * LN2 + load<f64>(tables + LN_CENTRE + j) + ln1d;
}

/** lnF64 of both lanes of v (normal float64 > 0): the same operations lane by lane, the table entries loaded per lane. */
@inline
function lnF64x2(v: v128, tables: usize): v128 {
  const mantissa = v128.and(v, i64x2.splat(0xfffffffffffff));
  const j0 = <usize>(i64x2.extract_lane(mantissa, 0) >>> 44) << 3, j1 = <usize>(i64x2.extract_lane(mantissa, 1) >>> 44) << 3;
  const inv = f64x2.replace_lane(f64x2.splat(load<f64>(tables + INV_CENTRE + j0)), 1, load<f64>(tables + INV_CENTRE + j1));
  const lnc = f64x2.replace_lane(f64x2.splat(load<f64>(tables + LN_CENTRE + j0)), 1, load<f64>(tables + LN_CENTRE + j1));
  const biased = i64x2.shr_u(v, 52); // the exponent field (v > 0: no sign bit), one per 64-bit lane
  const e = f64x2.sub(f64x2.convert_low_i32x4_s(i32x4.shuffle(biased, biased, 0, 2, 0, 2)), f64x2.splat(1023)); // e exactly
  const m = v128.or(mantissa, i64x2.splat(0x3ff0000000000000));
  const one = f64x2.splat(1);
  const d = f64x2.sub(f64x2.mul(m, inv), one);
  let p = f64x2.sub(f64x2.splat(0.2), f64x2.mul(d, f64x2.splat(1.0 / 6)));
  p = f64x2.sub(f64x2.splat(0.25), f64x2.mul(d, p));
  p = f64x2.sub(f64x2.splat(1.0 / 3), f64x2.mul(d, p));
  p = f64x2.sub(f64x2.splat(0.5), f64x2.mul(d, p));
  p = f64x2.sub(one, f64x2.mul(d, p));
  const ln1d = f64x2.mul(d, p);
  return f64x2.add(f64x2.add(f64x2.mul(e, f64x2.splat(LN2)), lnc), ln1d);
}

/** The two lanes of a float64x2 summed into a scalar. */
@inline
function sumLanes(v: v128): f64 {
  return f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1);
}

/** acc + Σ over four float32 lanes of √(dy² + dx²), in float64 (dy = v − below, dx = v − right). */
@inline
function tvLanes(v: v128, below: v128, right: v128, acc: v128): v128 {
  const vl = f64x2.promote_low_f32x4(v), vh = f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 2, 3));
  const bl = f64x2.promote_low_f32x4(below), bh = f64x2.promote_low_f32x4(v128.shuffle<f32>(below, below, 2, 3, 2, 3));
  const rl = f64x2.promote_low_f32x4(right), rh = f64x2.promote_low_f32x4(v128.shuffle<f32>(right, right, 2, 3, 2, 3));
  const dyl = f64x2.sub(vl, bl), dyh = f64x2.sub(vh, bh);
  const dxl = f64x2.sub(vl, rl), dxh = f64x2.sub(vh, rh);
  const tl = f64x2.sqrt(f64x2.add(f64x2.mul(dyl, dyl), f64x2.mul(dxl, dxl)));
  const th = f64x2.sqrt(f64x2.add(f64x2.mul(dyh, dyh), f64x2.mul(dxh, dxh)));
  return f64x2.add(acc, f64x2.add(tl, th));
}

/**
 * Cost sums over rows [y0, y1) of the `ne` element images in x (element stride `stride` floats, rows of `width`),
 * with maps, haadf (same rows), float64 weights; mode = powMode(γ − 1). TV: the row below row y1 − 1 is read only
 * when tvLast = 1 (else Δy = 0 there: the image's last row). out: 3 float64, (Σ r², Ψ2 sum, TV).
 */
export function costRows(x: usize, maps: usize, haadf: usize, weights: usize, ne: i32, stride: i32, width: i32, y0: i32, y1: i32, tvLast: i32, gamma: f64, eps: f64, poisson: bool, mode: i32, tables: usize, out: usize): void {
  const g = f32x4.splat(<f32>(gamma - 1));
  const eb = <usize>stride << 2;
  const k0 = y0 * width, k1 = y1 * width;
  let psi1: f64 = 0;
  let k = k0;
  while (k < k1) {
    const full = k + 4 <= k1;
    const kb = <usize>k << 2;
    let model = f32x4.splat(0); // m = Σ a_i x_i^γ in float32, as model/forward.ts
    for (let i = 0; i < ne; i++) {
      const xv = load4(x + <usize>i * eb + kb, full);
      model = f32x4.add(model, f32x4.mul(f32x4.splat(<f32>load<f64>(weights + (<usize>i << 3))), f32x4.mul(xv, powBy(xv, g, mode))));
    }
    const r = f32x4.sub(load4(haadf + kb, full), model);
    const r0 = <f64>f32x4.extract_lane(r, 0);
    psi1 += r0 * r0;
    if (full) {
      const r1 = <f64>f32x4.extract_lane(r, 1), r2 = <f64>f32x4.extract_lane(r, 2), r3 = <f64>f32x4.extract_lane(r, 3);
      psi1 += r1 * r1 + r2 * r2 + r3 * r3;
    }
    k += full ? 4 : 1;
  }
  let psi2: f64 = 0;
  let tv = f64x2.splat(0);
  let tvTail: f64 = 0;
  const rowBytes = <usize>width << 2;
  for (let i = 0; i < ne; i++) {
    const xi = x + <usize>i * eb;
    const bi = maps + <usize>i * eb;
    if (poisson) {
      const epsV = f64x2.splat(eps);
      let k = k0;
      for (; k + 2 <= k1; k += 2) { // two pixels' terms side by side, added to the sum one after the other
        const kb = <usize>k << 2;
        const xv = f64x2.promote_low_f32x4(v128.load64_zero(xi + kb));
        const t = f64x2.sub(xv, f64x2.mul(f64x2.promote_low_f32x4(v128.load64_zero(bi + kb)), lnF64x2(f64x2.add(xv, epsV), tables)));
        psi2 += f64x2.extract_lane(t, 0);
        psi2 += f64x2.extract_lane(t, 1);
      }
      for (; k < k1; k++) {
        const kb = <usize>k << 2;
        const xv = <f64>load<f32>(xi + kb);
        psi2 += xv - <f64>load<f32>(bi + kb) * lnF64(xv + eps, tables);
      }
    } else {
      for (let k = k0; k < k1; k++) {
        const kb = <usize>k << 2;
        const d = <f64>load<f32>(xi + kb) - <f64>load<f32>(bi + kb);
        psi2 += d * d;
      }
    }
    for (let y = y0; y < y1; y++) {
      const row = xi + <usize>y * rowBytes;
      const down = y < y1 - 1 || tvLast !== 0 ? rowBytes : 0; // a difference past the edge is 0
      let c = 0;
      for (; c + 4 <= width - 1; c += 4) {
        const o = row + (<usize>c << 2);
        tv = tvLanes(v128.load(o), v128.load(o + down), v128.load(o + 4), tv);
      }
      for (; c < width; c++) {
        const o = row + (<usize>c << 2);
        const v = <f64>load<f32>(o);
        const dy = v - <f64>load<f32>(o + down);
        const dx = c < width - 1 ? v - <f64>load<f32>(o + 4) : 0;
        tvTail += Math.sqrt(dy * dy + dx * dx);
      }
    }
  }
  store<f64>(out, psi1);
  store<f64>(out + 8, psi2);
  store<f64>(out + 16, sumLanes(tv) + tvTail);
}
