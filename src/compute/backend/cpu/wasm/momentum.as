// AssemblyScript source of the solver's per-iteration passes over the whole iterate (../../../solve/fuse.ts nextStart,
// plainStep; compiled with the other kernels by build.mjs): the sums of the stopping criterion and the gradient-restart
// test, and FISTA's extrapolation (the TypeScript loop's float32 result to the bit). Sums in float64, four partial sums
// per quantity (f64x2 lanes over pixels 4j … 4j+3, added at the end): not the TypeScript loop's order, so not its bits.
// The sums of squares agree to ~1e-12 relative (tests); the signed restart dot product can cancel, so near 0 its sign,
// and with it a restart decision, may differ from the TypeScript fallback's.

/**
 * Over k ∈ [0, n) of three float32 arrays x (x_{k+1}), current (x_k) and start (y_k), with e = x − current, f = x − start:
 * out = (Σ e², Σ f², Σ x², −Σ f·e), float64, added to what `out` holds (so chunks continue the sums).
 */
export function momentumSums(x: usize, current: usize, start: usize, n: i32, out: usize): void {
  let d0 = f64x2.splat(0), d1 = f64x2.splat(0), r0 = f64x2.splat(0), r1 = f64x2.splat(0);
  let s0 = f64x2.splat(0), s1 = f64x2.splat(0), t0 = f64x2.splat(0), t1 = f64x2.splat(0);
  let k = 0;
  for (; k + 4 <= n; k += 4) {
    const o = <usize>k << 2;
    const v = v128.load(x + o), c = v128.load(current + o), b = v128.load(start + o);
    const vl = f64x2.promote_low_f32x4(v), vh = f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 2, 3));
    const cl = f64x2.promote_low_f32x4(c), ch = f64x2.promote_low_f32x4(v128.shuffle<f32>(c, c, 2, 3, 2, 3));
    const bl = f64x2.promote_low_f32x4(b), bh = f64x2.promote_low_f32x4(v128.shuffle<f32>(b, b, 2, 3, 2, 3));
    const el = f64x2.sub(vl, cl), eh = f64x2.sub(vh, ch), fl = f64x2.sub(vl, bl), fh = f64x2.sub(vh, bh);
    d0 = f64x2.add(d0, f64x2.mul(el, el)); d1 = f64x2.add(d1, f64x2.mul(eh, eh));
    r0 = f64x2.add(r0, f64x2.mul(fl, fl)); r1 = f64x2.add(r1, f64x2.mul(fh, fh));
    s0 = f64x2.add(s0, f64x2.mul(vl, vl)); s1 = f64x2.add(s1, f64x2.mul(vh, vh));
    t0 = f64x2.add(t0, f64x2.mul(fl, el)); t1 = f64x2.add(t1, f64x2.mul(fh, eh));
  }
  let d = load<f64>(out), r = load<f64>(out, 8), s = load<f64>(out, 16), t: f64 = 0;
  const dd = f64x2.add(d0, d1), rr = f64x2.add(r0, r1), ss = f64x2.add(s0, s1), tt = f64x2.add(t0, t1);
  d += f64x2.extract_lane(dd, 0) + f64x2.extract_lane(dd, 1);
  r += f64x2.extract_lane(rr, 0) + f64x2.extract_lane(rr, 1);
  s += f64x2.extract_lane(ss, 0) + f64x2.extract_lane(ss, 1);
  t += f64x2.extract_lane(tt, 0) + f64x2.extract_lane(tt, 1);
  for (; k < n; k++) {
    const o = <usize>k << 2;
    const v = <f64>load<f32>(x + o), e = v - <f64>load<f32>(current + o), f = v - <f64>load<f32>(start + o);
    d += e * e; r += f * f; s += v * v; t += f * e;
  }
  store<f64>(out, d); store<f64>(out, r, 8); store<f64>(out, s, 16); store<f64>(out, load<f64>(out, 24) - t, 24);
}

/** x ← max(0, x + β(x − current)) over k ∈ [0, n), in place (float32, as the TypeScript loop: the float64 value rounded once). */
export function extrapolate(x: usize, current: usize, n: i32, beta: f64): void {
  const b = f64x2.splat(beta), zero = f64x2.splat(0);
  let k = 0;
  for (; k + 4 <= n; k += 4) {
    const o = <usize>k << 2;
    const v = v128.load(x + o), c = v128.load(current + o);
    const vl = f64x2.promote_low_f32x4(v), vh = f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 2, 3));
    const cl = f64x2.promote_low_f32x4(c), ch = f64x2.promote_low_f32x4(v128.shuffle<f32>(c, c, 2, 3, 2, 3));
    const yl = f64x2.add(vl, f64x2.mul(b, f64x2.sub(vl, cl))), yh = f64x2.add(vh, f64x2.mul(b, f64x2.sub(vh, ch)));
    // y > 0 ? y : 0 (NaN → 0), then rounded to float32
    const ml = f64x2.gt(yl, zero), mh = f64x2.gt(yh, zero);
    const lo = f32x4.demote_f64x2_zero(v128.and(yl, ml)), hi = f32x4.demote_f64x2_zero(v128.and(yh, mh));
    v128.store(x + o, v128.shuffle<f32>(lo, hi, 0, 1, 4, 5));
  }
  for (; k < n; k++) {
    const o = <usize>k << 2;
    const v = <f64>load<f32>(x + o);
    const y = v + beta * (v - <f64>load<f32>(current + o));
    store<f32>(x + o, y > 0 ? <f32>y : 0);
  }
}
