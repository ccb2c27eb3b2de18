// How many phases the maps show (kfactors/phases.ts): the rank of their noise-free second moment, from two independent
// copies. Fewer phases than elements is why the core–shell phantom's three sensitivities are not identifiable.

import { describe, expect, it } from 'vitest';
import { countPhases, neighbourCopies } from '../../../src/compute/kfactors/phases.js';
import { thinMaps } from '../../../src/compute/autoparams/thinning.js';
import { createRng } from '../../../src/compute/simulate/random.js';
import { PHANTOMS, simulateAcquisition } from '../../../src/compute/simulate/index.js';
import type { PhantomName } from '../../../src/compute/simulate/phantoms/index.js';

function maps(name: PhantomName, size: number, seed: number) {
  const ph = PHANTOMS[name]({ width: size, height: size, seed });
  const acq = simulateAcquisition(ph, { chemSnr: 2.5, haadfSnr: 20, seed, sensitivities: name.startsWith('core') ? { S: 0.6, O: 0.25 } : { O: 0.3 } });
  const n = size * size;
  return ph.elements.map((_, i) => acq.maps.slice(i * n, (i + 1) * n));
}

describe('phases from the maps (chemical SNR 2.5, 128², seeds 101–102)', () => {
  const cases: [PhantomName, number][] = [['ga2o3-films', 1], ['two-phase-film', 2], ['core-shell', 2], ['core-shell-metal', 3]];
  for (const [name, phases] of cases) {
    it(`${name}: ${phases} phase${phases > 1 ? 's' : ''}, by thinned halves and by neighbouring pixels`, () => {
      for (const seed of [101, 102]) {
        const m = maps(name, 128, seed);
        const [a, b] = thinMaps(m, createRng(seed, 7));
        expect(countPhases(a, b, 128, 128).phases).toBe(phases);
        expect(countPhases(...neighbourCopies(m, 128, 128), 128, 128).phases).toBe(phases);
      }
    });
  }

  it('noise-free rank-2 maps: the third eigenvalue is 0 to rounding; an empty map is no phase', () => {
    const n = 64 * 64, rng = createRng(3, 1);
    const s = Float32Array.from({ length: n }, () => rng.uniform()), o = Float32Array.from({ length: n }, () => rng.uniform());
    const co = Float32Array.from(s, (v, p) => v + o[p]!); // Co = S + O, as in the core–shell phantom
    const r = countPhases([co, s, o], [co, s, o], 64, 64);
    expect(r.phases).toBe(2);
    expect(Math.abs(r.eigenvalues[2]!)).toBeLessThan(1e-6 * r.eigenvalues[0]!);
    expect(countPhases([co, new Float32Array(n)], [co, new Float32Array(n)], 64, 64).phases).toBe(0);
  });
});
