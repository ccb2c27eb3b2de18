import { describe, expect, it } from 'vitest';
import { stackMaps } from '../../../src/compute/util/stack.js';

describe('stackMaps', () => {
  it('puts element i at [i·N, (i+1)·N) and refuses maps of different sizes', () => {
    expect(Array.from(stackMaps([Float32Array.of(1, 2), Float32Array.of(3, 4)]))).toEqual([1, 2, 3, 4]);
    expect(stackMaps([]).length).toBe(0);
    expect(() => stackMaps([Float32Array.of(1, 2), Float32Array.of(3)])).toThrow(/map 1 has 1 values, map 0 has 2/);
  });
});
