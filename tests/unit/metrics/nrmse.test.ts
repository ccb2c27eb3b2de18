import { describe, it, expect } from 'vitest';
import { nrmse } from '../../../src/compute/metrics/index.js';

describe('nrmse', () => {
  it('is ‖x − t‖ / ‖t‖', () => {
    const ref = Float32Array.from([3, 4]);
    expect(nrmse(ref, ref)).toBe(0);
    expect(nrmse(Float32Array.from([3, 5]), ref)).toBeCloseTo(1 / 5, 12);
    expect(nrmse(Float32Array.from([0, 0]), ref)).toBeCloseTo(1, 12);
    const ones = new Float32Array(100).fill(1);
    expect(nrmse(ones.map((v) => v + 0.25), ones)).toBeCloseTo(0.25, 6); // constant offset c on a constant 1: c
    expect(nrmse(Float32Array.from([1, 0]), Float32Array.from([0, 0]))).toBe(Infinity);
  });
});
