import { describe, it, expect } from 'vitest';
import { psnr } from '../../../src/compute/metrics/index.js';
import { pattern } from './pattern.js';

describe('psnr', () => {
  it('is +∞ for identical images', () => {
    const a = pattern(16, 16);
    expect(psnr(a, a)).toBe(Infinity);
  });

  it('gives 20·log10(peak/c) for a constant offset c, peak = max(reference)', () => {
    const ref = Float32Array.from([0, 0.5, 2, 1]); // peak 2
    const x = ref.map((v) => v + 0.02);
    expect(psnr(x, ref)).toBeCloseTo(20 * Math.log10(2 / 0.02), 4); // = 40 dB
    expect(psnr(x, ref)).toBeCloseTo(40, 4);
    expect(psnr(x, ref, { peak: 1 })).toBeCloseTo(20 * Math.log10(1 / 0.02), 4);
    // MSE = (1² + 0 + 0 + 3²)/4 = 2.5 → 10·log10(4 / 2.5)
    expect(psnr(Float32Array.from([1, 0.5, 2, 4]), ref)).toBeCloseTo(10 * Math.log10(4 / 2.5), 10);
  });

  it('rejects images of different sizes', () => {
    expect(() => psnr(new Float32Array(3), new Float32Array(4))).toThrow(RangeError);
  });
});
