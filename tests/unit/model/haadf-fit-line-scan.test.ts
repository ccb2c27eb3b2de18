// A line scan (one row or one column of pixels, as an EDX line profile across an interface) with the default ramp
// background: the ramp has no y (or x) extent there, so its column is zero at every pixel. Its coefficient is 0 and
// the fit goes on, instead of a singular system that made the fusion say "the HAADF does not increase with the maps".

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fitHaadf } from '../../../src/compute/model/haadf-fit.js';
import { fuse } from '../../../src/compute/solve/fuse.js';
import { DEFAULT_PARAMS } from '../../../src/compute/solve/params.js';
import { PHANTOMS, simulateAcquisition } from '../../../src/compute/simulate/index.js';
import { CpuBackend } from '../../../src/compute/node/index.js';

const N = 256;
const feature = Float32Array.from({ length: N }, (_, x) => 1 + Math.sin(x / 9) ** 2);
const along = (x: number): number => (2 * x) / (N - 1) - 1; // the coordinate in [−1, 1] of the fit's background columns
const haadf = Float32Array.from({ length: N }, (_, x) => 3 * feature[x]! + 5 + 2 * along(x));

let backend: CpuBackend;
beforeAll(() => { backend = new CpuBackend({ threads: 2 }); });
afterAll(async () => { await backend.dispose(); });

describe('HAADF fit on a line scan', () => {
  it('one row: scale, offset and the ramp along the row recovered; the across-row coefficient is 0', () => {
    const fit = fitHaadf(haadf, [feature], N, 1, 'ramp')!;
    expect(fit).not.toBeNull();
    expect(fit.scales[0]).toBeCloseTo(3, 6);
    expect(fit.background[0]).toBeCloseTo(5, 6);
    expect(fit.background[1]).toBeCloseTo(2, 6);
    expect(fit.background[2]).toBe(0);
  });

  it('one column, quadratic background: the ramp along the column recovered; the terms without extent are 0', () => {
    const fit = fitHaadf(haadf, [feature], 1, N, 'quadratic')!;
    expect(fit.scales[0]).toBeCloseTo(3, 6);
    expect(fit.background[2]).toBeCloseTo(2, 6); // v: down the column
    expect([fit.background[1], fit.background[3], fit.background[4]]).toEqual([0, 0, 0]); // u, u², uv
    expect(Math.abs(fit.background[5]!)).toBeLessThan(1e-5); // v²: fitted, and absent from the data
  });

  it('a simulated core–shell line scan fuses with the default ramp and no "does not increase" note', async () => {
    const size = 128, y = 64, n = size * size;
    const ph = PHANTOMS['core-shell']({ width: size, height: size, seed: 5 });
    const a = simulateAcquisition(ph, { seed: 6, chemSnr: 3, haadfSnr: 20 });
    const maps = ph.elements.map((_, i) => a.maps.slice(i * n + y * size, i * n + (y + 1) * size));
    const result = await fuse({ width: size, height: 1, elements: ph.elements, haadf: a.haadf.slice(y * size, (y + 1) * size), maps }, { ...DEFAULT_PARAMS }, { backend });
    expect(result.normalisation.haadfBackground).toBe('ramp');
    expect(result.notes.join(' ')).not.toMatch(/does not increase/);
    expect(result.normalisation.haadfScale).toBeGreaterThan(0);
  });
});
