// The default fusion (λ from the data) on held-out phantoms, judged against the truth and against an exhaustive λ
// search against the truth (tests/unit/autoparams/exhaustive.ts: other seeds, sizes and SNRs than the search was
// developed on). Measured: the default reaches 7.5 dB (core–shell) and 16 dB (Ga₂O₃) where the exhaustive search
// reaches 10.3 and 19.3 dB — issue 10's "within 1 dB" is NOT met (the held-out score is flat along λ_TV ∝ λ_chem
// where the truth still improves); these tests hold the default to what it does reach.

import { afterAll, describe, expect, it } from 'vitest';
import { CpuBackend } from '../../../src/compute/node/index.js';
import { GA2O3_GA_FRACTION, regionComposition } from '../../../src/compute/simulate/index.js';
import { stackMaps } from '../../../src/compute/util/stack.js';
import { CASES, defaultFusion, exhaustiveBest, gains, mean, prepare } from './exhaustive.js';

const backend = new CpuBackend({ threads: 1 });
afterAll(() => backend.dispose());
const byLabel = (s: string) => CASES.find((c) => c.label.startsWith(s))!;

describe('default fusion on held-out phantoms', { timeout: 900_000 }, () => {
  it('every element of every phantom gains over its raw map (the high-dose case included)', async () => {
    for (const c of CASES) {
      const p = prepare(c);
      const r = await defaultFusion(p, backend);
      for (const [i, g] of gains(p, r.maps).entries()) expect(g, `${c.label} ${p.phantom.elements[i]}`).toBeGreaterThan(0);
    }
  });

  it('core–shell and Ga₂O₃: within 3.5 dB of the exhaustive search against the truth', async () => {
    for (const label of ['core–shell', 'Ga₂O₃ films']) {
      const p = prepare(byLabel(label));
      const r = await defaultFusion(p, backend);
      const best = await exhaustiveBest(p, backend);
      expect(best.gain - mean(gains(p, r.maps)), label).toBeLessThan(3.5);
    }
  });

  it('Ga₂O₃: the Ga fraction within 1 pp of 40 % in every film; core–shell compositions within 2 pp', async () => {
    const ga = prepare(byLabel('Ga₂O₃ films'));
    const fusedGa = stackMaps((await defaultFusion(ga, backend)).maps);
    for (const region of ga.phantom.regions!) expect(Math.abs(regionComposition(fusedGa, ga.phantom.elements, region.mask).Ga! - GA2O3_GA_FRACTION), region.name).toBeLessThan(0.01);
    const cs = prepare(byLabel('core–shell'));
    const fusedCs = stackMaps((await defaultFusion(cs, backend)).maps);
    for (const region of cs.phantom.regions!) {
      const measured = regionComposition(fusedCs, cs.phantom.elements, region.mask);
      for (const el of cs.phantom.elements) expect(Math.abs(measured[el]! - region.composition[el]!), `${region.name} ${el}`).toBeLessThan(0.02);
    }
  });
});
