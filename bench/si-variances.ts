// Per-pixel variances of EELS-SI maps in the fusion (issue 11): fused NRMSE against the truth with each pixel weighted
// by 1/σ²_p (--data-term lsq-variances), with one σ per map from those variances (the default), and without them, on
// simulated EELS SIs whose background grows across the field (a wedge). Default λ choice throughout. Prints one JSON
// line per SI and a summary: `npx tsx bench/si-variances.ts` (a few minutes on 2 cores). Not part of `npm run bench`.

import { fuseWithDefaults } from '../src/compute/autoparams/default-fusion.js';
import { nrmse } from '../src/compute/metrics/index.js';
import { createBackend } from '../src/compute/node/select-backend.js';
import { coreShell, twoPhaseFilm, type Phantom } from '../src/compute/simulate/index.js';
import { simulateEelsSpectrumImage } from '../src/compute/simulate/spectrum-image.js';
import { DEFAULT_PARAMS } from '../src/compute/solve/params.js';
import { makeElementMaps } from '../src/compute/spectra/make-maps.js';

/** phantom, size, seed, dose, background, wedge (background ratio bottom : top); seeds not used to develop the term. */
const CASES: [string, number, number, number, number, number][] = [
  ['core-shell', 60, 31, 350, 120, 6], ['two-phase-film', 72, 32, 250, 100, 8], ['core-shell', 96, 33, 200, 100, 4],
  ['two-phase-film', 60, 34, 400, 150, 12], ['core-shell', 72, 35, 500, 200, 8], ['two-phase-film', 96, 36, 300, 80, 6],
];

const backend = await createBackend('cpu');
const logRatios: number[] = [];
for (const [name, size, seed, dose, background, wedge] of CASES) {
  const ph: Phantom = name === 'two-phase-film' ? twoPhaseFilm({ width: size, height: size, seed }) : coreShell({ width: size, height: size, seed });
  const sim = simulateEelsSpectrumImage(ph, { seed: seed + 100, dose, background, backgroundRamp: wedge });
  const maps = makeElementMaps(sim.si, { elements: ph.elements });
  const base = { width: size, height: size, elements: ph.elements, haadf: sim.haadf, maps: maps.maps };
  const score = async (variances: boolean, dataTerm: 'auto' | 'lsq-variances') => {
    const r = await fuseWithDefaults(variances ? { ...base, variances: maps.variances } : base, { ...DEFAULT_PARAMS, dataTerm }, { backend });
    return ph.elements.map((_, i) => Number(nrmse(r.result.maps[i]!, sim.truth[i]!).toFixed(4)));
  };
  const perPixel = await score(true, 'lsq-variances'), oneSigma = await score(true, 'auto'), noVariances = await score(false, 'auto');
  perPixel.forEach((e, i) => logRatios.push(Math.log(e / oneSigma[i]!)));
  console.log(JSON.stringify({ phantom: name, size, seed, dose, background, wedge, elements: ph.elements, perPixel, oneSigma, noVariances, raw: ph.elements.map((_, i) => Number(nrmse(maps.maps[i]!, sim.truth[i]!).toFixed(4))) }));
}
console.log(JSON.stringify({ summary: 'geometric mean of fused NRMSE per-pixel ÷ one σ per map', value: Number(Math.exp(logRatios.reduce((a, b) => a + b, 0) / logRatios.length).toFixed(3)) }));
await backend.dispose();
