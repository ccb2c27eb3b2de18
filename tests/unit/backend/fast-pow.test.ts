// The table-driven power used by the CPU kernels against Math.pow.

import { describe, expect, it } from 'vitest';
import { powBy, powFloat32, powMode } from '../../../src/compute/backend/cpu/fast-pow.js';
import { rng } from '../helpers.js';

const bitsOf = (x: number): number => new Int32Array(Float32Array.of(x).buffer)[0]!;

describe('powFloat32', () => {
  it('is within 1e-13 relative of Math.pow over float32 inputs from 1e-30 to 1e30', () => {
    const r = rng(3);
    let worst = 0;
    for (let i = 0; i < 20000; i++) {
      const x = Math.fround(Math.pow(10, 60 * r() - 30));
      for (const g of [0.4, 0.5, 0.7, 1, 1.7, 2]) {
        const want = Math.pow(x, g);
        worst = Math.max(worst, Math.abs(powFloat32(x, bitsOf(x), g) - want) / want);
      }
    }
    expect(worst).toBeLessThan(1e-13);
  });

  it('handles exact powers of two, mantissa edges, zero, subnormals and non-finite inputs', () => {
    for (const x of [1, 2, 0.5, 1024, Math.fround(Math.SQRT2), Math.fround(1.9999999), Math.fround(1.0000001)]) {
      expect(powFloat32(x, bitsOf(x), 0.7)).toBeCloseTo(Math.pow(x, 0.7), 12);
    }
    expect(powFloat32(0, 0, 0.7)).toBe(0);
    const sub = Math.fround(1e-40);
    expect(powFloat32(sub, bitsOf(sub), 0.5)).toBe(Math.pow(sub, 0.5));
    expect(powFloat32(Infinity, bitsOf(Infinity), 0.5)).toBe(Infinity);
    expect(Number.isNaN(powFloat32(NaN, bitsOf(NaN), 0.5))).toBe(true);
  });

  it('takes the exact shortcuts for γ − 1 = 1 and ½', () => {
    expect(powMode(1)).toBe(1);
    expect(powMode(0.5)).toBe(2);
    expect(powMode(0.7)).toBe(0);
    const x = Math.fround(2.7);
    expect(powBy(x, bitsOf(x), 1, 1)).toBe(x);
    expect(powBy(x, bitsOf(x), 0.5, 2)).toBe(Math.sqrt(x));
  });
});
