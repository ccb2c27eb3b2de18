// boxBlur (running sums) against the definition: the mean over the clamped (2r+1)² window, summed tap by tap.

import { describe, expect, it } from 'vitest';
import { boxBlur } from '../../../src/compute/util/blur.js';

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
  it('equals the clamped-window mean to float32 precision, for images smaller and larger than the window', () => {
    let seed = 3;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (const [w, h, r] of [[17, 11, 2], [1, 9, 2], [5, 1, 1], [3, 3, 2], [64, 40, 1], [8, 8, 0]] as const) {
      const image = Float32Array.from({ length: 2 * w * h }, () => 100 * rnd());
      for (const offset of [0, w * h]) {
        const got = boxBlur(image, w, h, r, offset), want = naive(image, w, h, r, offset);
        for (let k = 0; k < w * h; k++) expect(Math.abs(got[k]! - want[k]!)).toBeLessThanOrEqual(1e-6 * want[k]! + 1e-9);
      }
    }
  });
});
