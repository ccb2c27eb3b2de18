import { describe, expect, it } from 'vitest';
import { extent, formatCompact, linePath, linearScale, logScale, logTicks, padExtent } from '../../../src/renderer/src/panels/plot-scales.js';

describe('plot scales', () => {
  it('linear: maps the domain onto the range, inverted ranges for SVG y', () => {
    const y = linearScale([0, 10], [100, 0]);
    expect(y(0)).toBe(100);
    expect(y(10)).toBe(0);
    expect(y(2.5)).toBe(75);
    expect(linearScale([3, 3], [0, 10])(3)).toBe(5);
    expect(y.ticks(6).map((t) => t.value)).toEqual([0, 2, 4, 6, 8, 10]);
  });

  it('log: decades equally spaced, non-positive values are NaN', () => {
    const y = logScale([1, 1000], [0, 300]);
    expect(y(1)).toBeCloseTo(0);
    expect(y(10)).toBeCloseTo(100);
    expect(y(1000)).toBeCloseTo(300);
    expect(y(0)).toBeNaN();
    expect(y(-1)).toBeNaN();
    expect(() => logScale([0, 10], [0, 1])).toThrow(RangeError);
  });

  it('log ticks: 1-2-5 within two decades, decades beyond, at most `max`', () => {
    expect(logTicks(1, 60, 6).map((t) => t.value)).toEqual([1, 2, 5, 10, 20, 50]);
    expect(logTicks(1, 60).map((t) => t.value)).toEqual([1, 10]); // thinned to decades
    expect(logTicks(1e-3, 1e6, 5).length).toBeLessThanOrEqual(5);
    expect(logTicks(1e-3, 1e6, 20).map((t) => t.label)).toContain('1e6');
    expect(logTicks(22700, 28000).map((t) => t.value)).toEqual([22700, 28000]); // no 1-2-5 value inside: the ends
  });

  it('extent and padding', () => {
    expect(extent([3, NaN, -1, Infinity, 2])).toEqual([-1, 3]);
    expect(extent([-1, 0, 4], true)).toEqual([4, 4]);
    expect(extent([NaN])).toBeNull();
    expect(padExtent([0, 10])).toEqual([-0.5, 10.5]);
    expect(padExtent([5, 5])).toEqual([4.5, 5.5]);
    expect(padExtent([0, 0])).toEqual([-1, 1]);
  });

  it('paths break at missing points; compact labels', () => {
    expect(linePath([0, 1, 2, 3], [0, NaN, 2, 3])).toBe('M0.0 0.0M2.0 2.0L3.0 3.0');
    expect(formatCompact(25543.2)).toBe('25500');
    expect(formatCompact(0.000123)).toBe('1.23e-4');
    expect(formatCompact(0)).toBe('0');
  });
});
