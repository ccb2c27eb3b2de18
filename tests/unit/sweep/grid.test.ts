import { describe, expect, it } from 'vitest';
import { DEFAULT_PARAMS } from '../../../src/compute/solve/params.js';
import {
  canonicalJson, cellAt, cellCount, cellIndex, formatCellRanges, gridId, makeGrid, noiseSeed, parseCellSlice, type GridInput,
} from '../../../src/compute/sweep/grid.js';

const input: GridInput = { phantom: 'core-shell', size: 32, haadfSnr: [5, 10, 20], chemSnr: [1, 2, 4, 8], realisations: 2, seed: 7, params: { ...DEFAULT_PARAMS } };

describe('sweep grid', () => {
  it('numbers cells row-major: rows HAADF SNR, columns chemical SNR', () => {
    const g = makeGrid(input);
    expect(cellCount(g)).toBe(12);
    expect(cellAt(g, 0)).toEqual({ k: 0, i: 0, j: 0, haadfSnr: 5, chemSnr: 1 });
    expect(cellAt(g, 6)).toEqual({ k: 6, i: 1, j: 2, haadfSnr: 10, chemSnr: 4 });
    expect(cellAt(g, 11)).toEqual({ k: 11, i: 2, j: 3, haadfSnr: 20, chemSnr: 8 });
    for (let k = 0; k < 12; k++) { const c = cellAt(g, k); expect(cellIndex(g, c.i, c.j)).toBe(k); }
    expect(() => cellAt(g, 12)).toThrow(RangeError);
    expect(() => cellAt(g, -1)).toThrow(RangeError);
  });

  it('parses half-open cell slices, clamping the end to the grid', () => {
    expect(parseCellSlice('2:5', 12)).toEqual([2, 3, 4]);
    expect(parseCellSlice('10:', 12)).toEqual([10, 11]);
    expect(parseCellSlice(':3', 12)).toEqual([0, 1, 2]);
    expect(parseCellSlice('7', 12)).toEqual([7]);
    expect(parseCellSlice('8:100', 12)).toEqual([8, 9, 10, 11]);
    for (const bad of ['12:14', '5:5', '5:3', 'a:b', '', '1:2:3', '-1:2', '1.5:3']) expect(() => parseCellSlice(bad, 12), bad).toThrow(RangeError);
    expect(formatCellRanges([5, 0, 1, 2, 7, 8])).toBe('0:3,5,7:9');
  });

  it('has a stable id: the same grid in any key order gives the same id; any change gives another', () => {
    const g = makeGrid(input);
    const reordered = JSON.parse(JSON.stringify(Object.fromEntries(Object.entries(g).reverse()))) as typeof g;
    expect(canonicalJson(reordered)).toBe(canonicalJson(g));
    expect(gridId(reordered)).toBe(gridId(g));
    expect(gridId(g)).toMatch(/^[0-9a-f]{16}$/);
    const ids = new Set([
      gridId(g),
      gridId(makeGrid({ ...input, seed: 8 })),
      gridId(makeGrid({ ...input, chemSnr: [1, 2, 4] })),
      gridId(makeGrid({ ...input, params: { ...DEFAULT_PARAMS, iterations: 61 } })),
      gridId(makeGrid({ ...input, noise: 'independent' })),
    ]);
    expect(ids.size).toBe(5);
  });

  it('derives noise seeds per (cell, realisation): common random numbers by default, independent on request', () => {
    const common = makeGrid(input), indep = makeGrid({ ...input, noise: 'independent' });
    expect(noiseSeed(common, 0, 0)).toBe(noiseSeed(common, 5, 0));
    expect(noiseSeed(common, 0, 0)).not.toBe(noiseSeed(common, 0, 1));
    const seeds = new Set<number>();
    for (let k = 0; k < 12; k++) for (let r = 0; r < 2; r++) seeds.add(noiseSeed(indep, k, r));
    expect(seeds.size).toBe(24);
    expect(noiseSeed(indep, 3, 1)).toBe(noiseSeed(makeGrid({ ...input, noise: 'independent' }), 3, 1));
    expect(noiseSeed(common, 0, 0)).not.toBe(noiseSeed(makeGrid({ ...input, seed: 8 }), 0, 0));
  });

  it('refuses bad grids with every problem named', () => {
    expect(() => makeGrid({ ...input, haadfSnr: [] })).toThrow(/haadf-snr needs at least one value/);
    expect(() => makeGrid({ ...input, chemSnr: [1, -2] })).toThrow(/chem-snr values must be/);
    expect(() => makeGrid({ ...input, chemSnr: [1, 1] })).toThrow(/twice/);
    expect(() => makeGrid({ ...input, realisations: 0 })).toThrow(/realisations/);
    expect(() => makeGrid({ ...input, size: 8 })).toThrow(/size/);
    expect(() => makeGrid({ ...input, phantom: 'nope' as 'lattice' })).toThrow(/unknown phantom/);
    expect(() => makeGrid({ ...input, params: { ...DEFAULT_PARAMS, iterations: 0 } })).toThrow(/iters/);
    expect(() => makeGrid({ ...input, params: { ...DEFAULT_PARAMS, weighting: [1, 2] } })).toThrow(/2 weights given for 3 elements/);
  });
});
