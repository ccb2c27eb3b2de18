// The quant module on phantoms with known composition: what a click on a particle or a film must read.
import { describe, it, expect } from 'vitest';
import {
  concentrationHistogram, fitGaussianModels, lineProfile, pointMask, regionConcentrationValues, regionStatistics, relativeConcentration,
} from '../../../src/compute/quant/index.js';
import { deepestPixel, GA2O3_GA_FRACTION, PHANTOMS, simulateAcquisition } from '../../../src/compute/simulate/index.js';

describe('core–shell phantom', () => {
  const ph = PHANTOMS['core-shell']({ width: 128, height: 128, seed: 1 });
  const regions = ph.regions!;

  it('region statistics over each phantom region reproduce region.composition', () => {
    expect(regions.map((r) => r.name)).toEqual(['core', 'shell']);
    for (const r of regions) {
      const s = regionStatistics(ph.truth, ph.elements, r.mask);
      if (!s.ok) throw new Error(s.error);
      expect(s.excluded).toBe(0); // every region pixel has material well above 5 % of the thickest
      expect(s.used).toBe(r.mask.reduce((a, b) => a + b, 0));
      s.elements.forEach((e, i) => {
        expect(e.element).toBe(ph.elements[i]);
        expect(e.mean).toBeCloseTo(r.composition[e.element]!, 12);
      });
    }
    // the shell is pure CoO in projection: Co = O = ½, no S, at every pixel
    const shell = regionStatistics(ph.truth, ph.elements, regions[1]!.mask);
    expect(shell.ok && shell.elements.map((e) => [e.mean, e.std, e.ratioOfSums])).toEqual([[0.5, 0, 0.5], [0, 0, 0], [0.5, 0, 0.5]]);
  });

  it('a click on the deepest core pixel reads that pixel’s composition, with std 0', () => {
    const at = deepestPixel(regions[0]!.mask, ph.width, ph.height)!;
    const m = pointMask({ x: at.x + 0.5, y: at.y + 0.5 }, ph.width, ph.height);
    if (!m.ok) throw new Error(m.error);
    const s = regionStatistics(ph.truth, ph.elements, m.mask);
    if (!s.ok) throw new Error(s.error);
    const c = relativeConcentration(ph.truth, 3);
    const p = at.y * ph.width + at.x;
    expect(s.used).toBe(1);
    s.elements.forEach((e, i) => {
      expect(e.mean).toBeCloseTo(c.concentration[i * ph.width * ph.height + p]!, 6);
      expect(e.std).toBe(0);
    });
    expect(s.elements[1]!.mean).toBeGreaterThan(0.2); // a core pixel has sulphur
  });

  it('on noisy maps (dose 1000), the two-Gaussian fit of c_O over core ∪ shell finds both phases', () => {
    const acq = simulateAcquisition(ph, { chemDose: 1000, seed: 3 });
    const union = regions[0]!.mask.map((v, p) => v | regions[1]!.mask[p]!);
    const values = regionConcentrationValues(acq.maps, 3, 2, union);
    const fit = fitGaussianModels(values);
    if (!fit.ok) throw new Error(fit.error);
    expect(fit.chosen).toBe(2);
    const [core, shell] = fit.best.components;
    const nCore = regions[0]!.mask.reduce((a, b) => a + b, 0);
    expect(core!.mean).toBeCloseTo(regions[0]!.composition.O!, 2);
    expect(shell!.mean).toBeCloseTo(regions[1]!.composition.O!, 2);
    expect(core!.weight).toBeCloseTo(nCore / values.length, 2);
  });
});

describe('Ga₂O₃ films phantom', () => {
  const ph = PHANTOMS['ga2o3-films']({ width: 128, height: 128, seed: 1 });

  it('c_Ga = 0.4 ± 1e-6 over every region', () => {
    expect(ph.regions!.map((r) => r.name)).toEqual(['filmA', 'overlap', 'filmB']);
    for (const r of ph.regions!) {
      const s = regionStatistics(ph.truth, ph.elements, r.mask);
      if (!s.ok) throw new Error(s.error);
      const ga = s.elements[0]!;
      expect(ga.element).toBe('Ga');
      expect(Math.abs(ga.mean - GA2O3_GA_FRACTION)).toBeLessThan(1e-6);
      expect(ga.std).toBeLessThan(1e-6);
      expect(Math.abs(ga.ratioOfSums - 0.4)).toBeLessThan(1e-6);
      expect(s.excluded).toBe(0);
    }
  });

  it('the histogram of c_Ga is one spike at 0.4 and the fit picks one Gaussian at 0.4', () => {
    const all = ph.regions!.map((r) => regionConcentrationValues(ph.truth, 2, 0, r.mask));
    const values = Float64Array.from(all.flatMap((v) => Array.from(v)));
    const h = concentrationHistogram(values, { bins: 32 }); // 0.4·32 = 12.8: 0.4 lies inside bin 12, not on an edge
    expect(h.counts[12]).toBe(values.length);
    for (const v of [values, ...all]) {
      const fit = fitGaussianModels(v);
      if (!fit.ok) throw new Error(fit.error);
      expect(fit.chosen).toBe(1);
      expect(Math.abs(fit.best.components[0]!.mean - 0.4)).toBeLessThan(1e-6);
      expect(fit.best.components[0]!.sigma).toBe(fit.minSigma); // the spread (~1e-8) is below the floor
    }
  });

  it('a line profile of c_Ga across the films reads 0.4 on material and NaN in the vacuum', () => {
    const c = relativeConcentration(ph.truth, 2);
    const n = ph.width * ph.height;
    // along the bottom-right vacuum-to-film-A row: y = 0.95·height crosses film A (left) then vacuum (right)
    const y = Math.floor(0.95 * ph.height) + 0.5;
    const p = lineProfile(c.concentration.subarray(0, n), ph.width, ph.height, { x0: 0.5, y0: y, x1: ph.width - 0.5, y1: y });
    const v = Array.from(p.values[0]!);
    expect(Math.abs(v[0]! - 0.4)).toBeLessThan(1e-6);
    expect(v[v.length - 1]).toBeNaN();
    for (const x of v) if (!Number.isNaN(x)) expect(Math.abs(x - 0.4)).toBeLessThan(1e-6);
  });
});
