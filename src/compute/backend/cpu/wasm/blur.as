// AssemblyScript source of the box blur of ../../../util/blur.ts on a band of rows (compiled with the other kernels
// by build.mjs): the same float64 sums in the same order (taps in window order, the horizontal mean rounded to
// float64, the vertical sum of those means, ÷ (2r + 1), rounded to float32), so its output is the TypeScript one
// to the bit; f64x2 lanes only run the same sum for neighbouring pixels side by side.

/** out[x] = (Σ_{d=−r..r} in[clamp(x + d)]) / span for one column x near the row's ends. */
@inline
function clampedMean(input: usize, out: usize, width: i32, radius: i32, x: i32): void {
  let s: f64 = 0;
  for (let d = -radius; d <= radius; d++) {
    const c = x + d;
    s += <f64>load<f32>(input + (<usize>(c < 0 ? 0 : c >= width ? width - 1 : c) << 2));
  }
  store<f64>(out + (<usize>x << 3), s / <f64>(2 * radius + 1));
}

/** Horizontal mean of one row: out[x] = (Σ_{d=−r..r} in[clamp(x + d)]) / span, float64 (clamped at the row's ends). */
function horizontalRow(input: usize, out: usize, width: i32, radius: i32): void {
  const span = 2 * radius + 1;
  const spanV = f64x2.splat(<f64>span);
  const lo = min(radius, width), hi = max(lo, width - radius); // columns [lo, hi) need no clamping
  for (let x = 0; x < lo; x++) clampedMean(input, out, width, radius, x);
  for (let x = hi; x < width; x++) clampedMean(input, out, width, radius, x);
  let x = lo;
  for (; x + 4 <= hi; x += 4) {
    let a = f64x2.splat(0), b = f64x2.splat(0);
    const at = input + (<usize>(x - radius) << 2);
    for (let d = 0; d < span; d++) {
      const v = v128.load(at + (<usize>d << 2));
      a = f64x2.add(a, f64x2.promote_low_f32x4(v));
      b = f64x2.add(b, f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 2, 3)));
    }
    const o = out + (<usize>x << 3);
    v128.store(o, f64x2.div(a, spanV));
    v128.store(o + 16, f64x2.div(b, spanV));
  }
  for (; x < hi; x++) {
    let s: f64 = 0;
    for (let d = -radius; d <= radius; d++) s += <f64>load<f32>(input + (<usize>(x + d) << 2));
    store<f64>(out + (<usize>x << 3), s / <f64>span);
  }
}

/**
 * Box blur of output rows [y0, y1) of an image `height` rows tall: `input` holds its rows [first, first + rows) (every row
 * the window of an output row reaches, clamped to the image), float32, `width` apart; `means` has room for as many
 * float64 rows; `out` receives the (y1 − y0) output rows, float32.
 */
export function boxBlurBand(input: usize, means: usize, out: usize, width: i32, height: i32, first: i32, rows: i32, y0: i32, y1: i32, radius: i32): void {
  const span = 2 * radius + 1;
  const spanV = f64x2.splat(<f64>span);
  const rowIn = <usize>width << 2, rowMeans = <usize>width << 3;
  for (let r = 0; r < rows; r++) horizontalRow(input + <usize>r * rowIn, means + <usize>r * rowMeans, width, radius);
  for (let y = y0; y < y1; y++) {
    const dst = out + <usize>(y - y0) * rowIn;
    let x = 0;
    for (; x + 4 <= width; x += 4) {
      let a = f64x2.splat(0), b = f64x2.splat(0);
      for (let d = -radius; d <= radius; d++) {
        const yy = y + d;
        const src = means + <usize>((yy < 0 ? 0 : yy >= height ? height - 1 : yy) - first) * rowMeans + (<usize>x << 3);
        a = f64x2.add(a, v128.load(src));
        b = f64x2.add(b, v128.load(src + 16));
      }
      const lo = f32x4.demote_f64x2_zero(f64x2.div(a, spanV)), hi = f32x4.demote_f64x2_zero(f64x2.div(b, spanV));
      v128.store(dst + (<usize>x << 2), v128.shuffle<f32>(lo, hi, 0, 1, 4, 5));
    }
    for (; x < width; x++) {
      let s: f64 = 0;
      for (let d = -radius; d <= radius; d++) {
        const yy = y + d;
        s += load<f64>(means + <usize>((yy < 0 ? 0 : yy >= height ? height - 1 : yy) - first) * rowMeans + (<usize>x << 3));
      }
      store<f32>(dst + (<usize>x << 2), <f32>(s / <f64>span));
    }
  }
}
