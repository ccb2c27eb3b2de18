// How many phases the maps show (kfactors/phases.ts): the rank of their noise-free second moment, from two independent
// copies. Fewer phases than elements is why the core–shell phantom's three sensitivities are not identifiable.

import { describe, expect, it } from 'vitest';
import { countPhases, neighbourCopies } from '../../../src/compute/kfactors/phases.js';
import { thinMaps } from '../../../src/compute/autoparams/thinning.js';
import { createRng } from '../../../src/compute/simulate/random.js';
import { PHANTOMS, simulateAcquisition } from '../../../src/compute/simulate/index.js';
import type { PhantomName } from '../../../src/compute/simulate/phantoms/index.js';
import path from 'node:path';
import { closeHdf5Worker, readDataset } from '../../../src/compute/io/index.js';
import { estimateSensitivities } from '../../../src/compute/kfactors/estimate.js';
import { elementWeights } from '../../../src/compute/model/weighting.js';
import { DATA, hasSample } from '../../sample-data.js';

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

describe.skipIf(!hasSample('Co3O4_Mn3O4.h5'))('real EELS maps (Co3O4_Mn3O4.h5, background-subtracted: neighbouring pixels)', () => {
  it('Co₃O₄ and Mn₃O₄: two phases for three elements, so the estimate refuses and says why', async () => {
    try {
      const ds = await readDataset(path.join(DATA, 'Co3O4_Mn3O4.h5'));
      const maps = ds.maps.map((m) => m.data);
      const elements = ds.maps.map((m) => m.element);
      expect(countPhases(...neighbourCopies(maps, ds.width, ds.height), ds.width, ds.height).phases).toBe(2);
      const e = estimateSensitivities(elements, maps, ds.haadf, ds.width, ds.height, elementWeights(elements, 'paper', 1.7), 1.7);
      expect(e.phases).toBe(2);
      expect(e.identifiable).toBe(false);
      expect(e.verdict).toMatch(/fewer phases than elements: every pixel is a mixture of 2 compositions for 3 elements/);
    } finally {
      await closeHdf5Worker();
    }
  }, 60_000);
});
