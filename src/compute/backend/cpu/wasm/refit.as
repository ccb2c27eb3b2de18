// AssemblyScript source of the HAADF refit's passes (../../../solve/normalise.ts refitHaadf; compiled with the other
// kernels by build.mjs), the TypeScript ones to the bit: the model m = Σ_i a_i x_i^γ per pixel (x^γ by
// ../fast-pow.ts powFloat32's float64 operations, m rounded to float32 after each term, as model/forward.ts), the
// normal-equation sums of model/haadf-fit.ts fitHaadf (one model column and an offset, or and a ramp u, v ∈ [−1, 1])
// in its order, pixel after pixel; then the target h = (HAADF − background) / s (solve/normalise.ts setHaadfTarget).
// The powers of two pixels go side by side in float64x2 lanes; every sum is sequential, pixel after pixel, as in TypeScript.

const LN2: f64 = 0.6931471805599453; // Math.LN2
const EXP_SCALE: f64 = 256.0 / LN2;
const LN2_BY_EXP_TABLE: f64 = LN2 / 256.0;
const MANTISSA_SCALE: f64 = 1.0 / 8388608.0; // 2^-23
const POW2_OFFSET: i32 = 1100;

// Table offsets in bytes from `tables` (float64, ../fast-pow.ts): 1/c_j, ln c_j, 2^(j/256) (256 each), 2^n (n ∈ [−1100, 1100]).
const INV_CENTRE = 0;
const LN_CENTRE = 2048;
const EXP2_FRACTION = 4096;
const POW2 = 6144;

/** powFloat32(x, bits, g) of ../fast-pow.ts for the float32 with bit pattern `bits`, normal or zero (the caller checks). */
@inline
function powBits(bits: i32, g: f64, tables: usize): f64 {
  if (bits == 0) return 0;
  const biased = <u32>bits >>> 23;
  const mbits = bits & 0x7fffff;
  const j = <usize>(mbits >>> 15) << 3;
  const d = (1 + <f64>mbits * MANTISSA_SCALE) * load<f64>(tables + INV_CENTRE + j) - 1;
  const ln1d = d * (1 - d * (0.5 - d * (1.0 / 3 - d * 0.25)));
  const y = g * (<f64>(<i32>biased - 127) * LN2 + load<f64>(tables + LN_CENTRE + j) + ln1d);
  const k = <i32>Math.floor(y * EXP_SCALE + 0.5);
  const u = y - <f64>k * LN2_BY_EXP_TABLE;
  const eu = 1 + u * (1 + u * (0.5 + u * (1.0 / 6 + u * (1.0 / 24))));
  return load<f64>(tables + POW2 + (<usize>((k >> 8) + POW2_OFFSET) << 3)) * load<f64>(tables + EXP2_FRACTION + (<usize>(k & 255) << 3)) * eu;
}

/** powBits of two float32 bit patterns side by side (float64x2 lanes: each lane the same operations, so the same bits). */
@inline
function powBits2(b0: i32, b1: i32, g: f64, tables: usize): v128 {
  const m0 = b0 & 0x7fffff, m1 = b1 & 0x7fffff;
  const j0 = <usize>(m0 >>> 15) << 3, j1 = <usize>(m1 >>> 15) << 3;
  const one = f64x2.splat(1);
  const mantissa = f64x2.replace_lane(f64x2.splat(<f64>m0), 1, <f64>m1);
  const inv = f64x2.replace_lane(f64x2.splat(load<f64>(tables + INV_CENTRE + j0)), 1, load<f64>(tables + INV_CENTRE + j1));
  const lnc = f64x2.replace_lane(f64x2.splat(load<f64>(tables + LN_CENTRE + j0)), 1, load<f64>(tables + LN_CENTRE + j1));
  const e = f64x2.replace_lane(f64x2.splat(<f64>(<i32>(<u32>b0 >>> 23) - 127)), 1, <f64>(<i32>(<u32>b1 >>> 23) - 127));
  const d = f64x2.sub(f64x2.mul(f64x2.add(one, f64x2.mul(mantissa, f64x2.splat(MANTISSA_SCALE))), inv), one);
  let q = f64x2.sub(f64x2.splat(1.0 / 3), f64x2.mul(d, f64x2.splat(0.25)));
  q = f64x2.sub(f64x2.splat(0.5), f64x2.mul(d, q));
  q = f64x2.sub(one, f64x2.mul(d, q));
  const ln1d = f64x2.mul(d, q);
  const y = f64x2.mul(f64x2.splat(g), f64x2.add(f64x2.add(f64x2.mul(e, f64x2.splat(LN2)), lnc), ln1d));
  const kf = f64x2.floor(f64x2.add(f64x2.mul(y, f64x2.splat(EXP_SCALE)), f64x2.splat(0.5)));
  const k0 = <i32>f64x2.extract_lane(kf, 0), k1 = <i32>f64x2.extract_lane(kf, 1);
  const u = f64x2.sub(y, f64x2.mul(kf, f64x2.splat(LN2_BY_EXP_TABLE)));
  let p = f64x2.add(f64x2.splat(1.0 / 6), f64x2.mul(u, f64x2.splat(1.0 / 24)));
  p = f64x2.add(f64x2.splat(0.5), f64x2.mul(u, p));
  p = f64x2.add(one, f64x2.mul(u, p));
  const eu = f64x2.add(one, f64x2.mul(u, p));
  const p2 = f64x2.replace_lane(f64x2.splat(load<f64>(tables + POW2 + (<usize>((k0 >> 8) + POW2_OFFSET) << 3))), 1, load<f64>(tables + POW2 + (<usize>((k1 >> 8) + POW2_OFFSET) << 3)));
  const ef = f64x2.replace_lane(f64x2.splat(load<f64>(tables + EXP2_FRACTION + (<usize>(k0 & 255) << 3))), 1, load<f64>(tables + EXP2_FRACTION + (<usize>(k1 & 255) << 3)));
  const r = f64x2.mul(f64x2.mul(p2, ef), eu);
  const zero = f64x2.replace_lane(f64x2.splat(b0 == 0 ? 1 : 0), 1, b1 == 0 ? 1 : 0); // powFloat32(0) = 0
  return v128.bitselect(f64x2.splat(0), r, f64x2.ne(zero, f64x2.splat(0)));
}

/** Whether a float32 bit pattern is neither zero nor a positive normal number (powFloat32 hands it to Math.pow). */
@inline
function isOdd(bits: i32): bool {
  return bits != 0 && <u32>(bits - 0x800000) >= 0x7f000000;
}

/**
 * m = Σ_i a_i x_i^γ (rounded to float32 after each term) of the `width` pixels of a row from pixel p0, into `row`
 * (float32): element by element over the row, so the powers of neighbouring pixels are independent work side by side.
 */
function modelRow(x: usize, weights: usize, ne: i32, stride: i32, p0: i32, width: i32, g: f64, tables: usize, row: usize): void {
  memory.fill(row, 0, <usize>width << 2);
  for (let i = 0; i < ne; i++) {
    const a = load<f64>(weights + (<usize>i << 3));
    const av = f64x2.splat(a);
    const base = x + ((<usize>i * <usize>stride + <usize>p0) << 2);
    let c = 0;
    for (; c + 2 <= width; c += 2) {
      const at = base + (<usize>c << 2), o = row + (<usize>c << 2);
      const m = f64x2.promote_low_f32x4(v128.load64_zero(o));
      const t = f64x2.add(m, f64x2.mul(av, powBits2(load<i32>(at), load<i32>(at, 4), g, tables)));
      v128.store64_lane(o, f32x4.demote_f64x2_zero(t), 0);
    }
    for (; c < width; c++) {
      const o = row + (<usize>c << 2);
      store<f32>(o, <f32>(<f64>load<f32>(o) + a * powBits(load<i32>(base + (<usize>c << 2)), g, tables)));
    }
  }
}

/** How many of pixels [p0, p1)'s x values are odd (isOdd). */
function oddCount(x: usize, ne: i32, stride: i32, p0: i32, p1: i32): i32 {
  let odd = 0;
  for (let i = 0; i < ne; i++) {
    const base = x + (<usize>i * <usize>stride << 2);
    for (let p = p0; p < p1; p++) if (isOdd(load<i32>(base + (<usize>p << 2)))) odd++;
  }
  return odd;
}

/** u(c) = 2c/(n − 1) − 1 (0 when n = 1), as model/haadf-fit.ts. */
@inline
function coordinate(c: i32, n: i32): f64 {
  return n > 1 ? (2 * <f64>c) / <f64>(n - 1) - 1 : 0;
}

/**
 * Adds rows [y0, y0 + rows) of an image `height` rows tall to the refit's sums: x holds those rows of the `ne` element
 * maps (`stride` floats apart), haadf the same rows of the HAADF; float64 weights a_i; `mean` the HAADF's mean.
 * ramp = 0: sums (r0, a00, a01, r1, a11); ramp = 1: (r0, a00, a01, a02, a03, r1, a11, a12, a13, r2, a22, a23, r3, a33),
 * float64 at `sums`, read and written back (so bands continue one sum); `row`: scratch for one row of the model (4·width bytes). Returns how many x values were neither zero
 * nor a positive normal float (powFloat32 hands those to Math.pow: the caller then runs the TypeScript refit).
 */
export function refitSums(x: usize, haadf: usize, weights: usize, ne: i32, stride: i32, width: i32, height: i32, y0: i32, rows: i32, gamma: f64, mean: f64, ramp: bool, tables: usize, sums: usize, row: usize): i32 {
  const odd = oddCount(x, ne, stride, 0, rows * width);
  if (odd > 0) return odd;
  let r0 = load<f64>(sums), a00 = load<f64>(sums, 8), a01 = load<f64>(sums, 16);
  if (!ramp) {
    let r1 = load<f64>(sums, 24), a11 = load<f64>(sums, 32);
    for (let y = 0; y < rows; y++) {
      modelRow(x, weights, ne, stride, y * width, width, gamma, tables, row);
      for (let c = 0; c < width; c++) {
        const fp = <f64>load<f32>(row + (<usize>c << 2)), t = <f64>load<f32>(haadf + (<usize>(y * width + c) << 2)) - mean;
        r0 += fp * t; a00 += fp * fp; a01 += fp;
        r1 += t; a11 += 1;
      }
    }
    store<f64>(sums, r0); store<f64>(sums, a00, 8); store<f64>(sums, a01, 16); store<f64>(sums, r1, 24); store<f64>(sums, a11, 32);
    return 0;
  }
  let a02 = load<f64>(sums, 24), a03 = load<f64>(sums, 32), r1 = load<f64>(sums, 40), a11 = load<f64>(sums, 48), a12 = load<f64>(sums, 56), a13 = load<f64>(sums, 64);
  let r2 = load<f64>(sums, 72), a22 = load<f64>(sums, 80), a23 = load<f64>(sums, 88), r3 = load<f64>(sums, 96), a33 = load<f64>(sums, 104);
  for (let y = 0; y < rows; y++) {
    const v = coordinate(y0 + y, height);
    modelRow(x, weights, ne, stride, y * width, width, gamma, tables, row);
    for (let c = 0; c < width; c++) {
      const fp = <f64>load<f32>(row + (<usize>c << 2)), u = coordinate(c, width), t = <f64>load<f32>(haadf + (<usize>(y * width + c) << 2)) - mean;
      r0 += fp * t; a00 += fp * fp; a01 += fp; a02 += fp * u; a03 += fp * v;
      r1 += t; a11 += 1; a12 += u; a13 += v;
      r2 += u * t; a22 += u * u; a23 += u * v;
      r3 += v * t; a33 += v * v;
    }
  }
  store<f64>(sums, r0); store<f64>(sums, a00, 8); store<f64>(sums, a01, 16); store<f64>(sums, a02, 24); store<f64>(sums, a03, 32);
  store<f64>(sums, r1, 40); store<f64>(sums, a11, 48); store<f64>(sums, a12, 56); store<f64>(sums, a13, 64);
  store<f64>(sums, r2, 72); store<f64>(sums, a22, 80); store<f64>(sums, a23, 88); store<f64>(sums, r3, 96); store<f64>(sums, a33, 104);
  return 0;
}

/**
 * h = (HAADF − background) / slope over rows [y0, y0 + rows) (haadf and out hold those rows), float32: ramp = 0, the
 * background is the constant c0 (float64); ramp = 1, it is c0·1 + c1·u + c2·v rounded to float32 (model/haadf-fit.ts
 * backgroundImageOf), also written to `background`.
 */
export function haadfTarget(haadf: usize, out: usize, background: usize, width: i32, height: i32, y0: i32, rows: i32, ramp: bool, c0: f64, c1: f64, c2: f64, slope: f64): void {
  for (let row = 0; row < rows; row++) {
    const v = coordinate(y0 + row, height);
    for (let c = 0; c < width; c++) {
      const o = <usize>(row * width + c) << 2;
      let b = c0;
      if (ramp) {
        let s = c0 * 1;
        s += c1 * coordinate(c, width);
        s += c2 * v;
        const bf = <f32>s;
        store<f32>(background + o, bf);
        b = <f64>bf;
      }
      store<f32>(out + o, <f32>((<f64>load<f32>(haadf + o) - b) / slope));
    }
  }
}
