import { describe, expect, it } from 'vitest';
import { formatTick, niceTicks } from '../../../src/shared/figure/index.js';

const labels = (a: number, b: number, n?: number): string[] => niceTicks(a, b, n).map((t) => t.label);

describe('niceTicks', () => {
  it('uses 1/2/5 x 10^k steps within the range', () => {
    expect(niceTicks(0, 40, 3)).toEqual([{ value: 0, label: '0' }, { value: 20, label: '20' }, { value: 40, label: '40' }]);
    expect(labels(0, 35, 3)).toEqual(['0', '20']);
    expect(labels(0, 1, 6)).toEqual(['0.0', '0.2', '0.4', '0.6', '0.8', '1.0']);
    expect(labels(40, 0, 3)).toEqual(['0', '20', '40']);
    expect(labels(-3, 7, 5)).toEqual(['-2', '0', '2', '4', '6']);
  });

  it('has no floating-point noise in values or labels', () => {
    const t = niceTicks(0.1, 0.3, 5);
    expect(t.map((x) => x.value)).toEqual([0.1, 0.15, 0.2, 0.25, 0.3]);
    expect(t.map((x) => x.label)).toEqual(['0.10', '0.15', '0.20', '0.25', '0.30']);
  });

  it('uses exponents for very large or small magnitudes, and handles a zero-width range', () => {
    expect(labels(0, 2e6, 3)).toEqual(['0', '1e6', '2e6']);
    expect(labels(0, 4e-5, 3)).toEqual(['0', '2e-5', '4e-5']);
    expect(labels(5, 5)).toEqual(['5']);
    expect(formatTick(2.5e6, 5)).toBe('2.5e6');
    expect(() => niceTicks(0, Infinity)).toThrow(RangeError);
  });
});
