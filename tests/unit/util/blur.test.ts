// boxBlur against the definition: the mean over the clamped (2r+1)² window, horizontal then vertical, in float64.

import { describe, expect, it } from 'vitest';
import { boxBlur, boxBlurTs } from '../../../src/compute/util/blur.js';
import { kernelsWasmModule } from '../../../src/compute/backend/cpu/wasm/kernels-module.js';

function naive(image: Float32Array, w: number, h: number, r: number, offset: number): Float32Array {
  const clamp = (v: number, n: number) => Math.min(n - 1, Math.max(0, v));
  const tmp = new Float64Array(w * h), out = new Float32Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    let s = 0;
    for (let d = -r; d <= r; d++) s += image[offset + y * w + clamp(x + d, w)]!;
    tmp[y * w + x] = s / (2 * r + 1);
  }
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    let s = 0;
    for (let d = -r; d <= r; d++) s += tmp[clamp(y + d, h) * w + x]!;
    out[y * w + x] = s / (2 * r + 1);
  }
  return out;
}

describe('boxBlur', () => {
  it('equals the clamped-window mean exactly, for images smaller and larger than the window', () => {
    let seed = 3;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (const [w, h, r] of [[17, 11, 2], [1, 9, 2], [5, 1, 1], [3, 3, 2], [64, 40, 1], [8, 8, 0]] as const) {
      // zeros next to large values: a running sum would leave −1e-14 there (and x^γ of it is NaN)
      const image = Float32Array.from({ length: 2 * w * h }, () => (rnd() < 0.3 ? 0 : 100 * rnd()));
      for (const offset of [0, w * h]) {
        expect(boxBlur(image, w, h, r, offset)).toEqual(naive(image, w, h, r, offset));
        expect(boxBlurTs(image, w, h, r, offset)).toEqual(naive(image, w, h, r, offset));
      }
    }
    const spike = new Float32Array(40 * 40);
    spike[5 * 40 + 5] = 1e6;
    expect(Math.min(...boxBlur(spike, 40, 40, 2))).toBe(0); // never below the smallest input
  });

  it('runs on the WebAssembly kernels here, in bands of rows, with the TypeScript sums to the bit', () => {
    expect(kernelsWasmModule()).not.toBeNull(); // else boxBlur is boxBlurTs and the comparison below is empty
    let seed = 11;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    // 20000 px wide: a band is 20 rows, so 45 rows are 3 bands whose windows reach into their neighbours
    for (const [w, h, r] of [[20000, 45, 3], [20000, 45, 1], [4099, 7, 2], [6, 5, 3]] as const) {
      const image = Float32Array.from({ length: w * h }, () => (rnd() < 0.3 ? 0 : rnd() < 0.01 ? 1e7 * rnd() : rnd()));
      const fast = boxBlur(image, w, h, r), ts = boxBlurTs(image, w, h, r);
      let same = fast.length === ts.length;
      for (let k = 0; same && k < ts.length; k++) same = Object.is(fast[k], ts[k]);
      expect(same, `${w}×${h}, r = ${r}`).toBe(true);
    }
  });
});
