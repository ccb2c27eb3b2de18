// Coverage study of the k-ratio estimate (issue 12, round 5): estimate, truth, stated σ and z = error/σ per ratio.
// npx tsx scratch/k-coverage.ts <phantom> <size> <snr> <seedFrom> <seedTo> [k as El=v,...]
import { estimateSensitivities } from '../src/compute/kfactors/estimate.js';
import { elementWeights } from '../src/compute/model/weighting.js';
import { PHANTOMS, simulateAcquisition } from '../src/compute/simulate/index.js';
import type { PhantomName } from '../src/compute/simulate/phantoms/index.js';

const [name, sizeS, snrS, fromS, toS, kS] = process.argv.slice(2);
const size = Number(sizeS), snr = Number(snrS);
const k: Record<string, number> = Object.fromEntries((kS ?? '').split(',').filter(Boolean).map((s) => { const [e, v] = s.split('='); return [e!, Number(v)]; }));
for (let seed = Number(fromS); seed <= Number(toS); seed++) {
  const ph = PHANTOMS[name as PhantomName]({ width: size, height: size, seed });
  const acq = simulateAcquisition(ph, { chemSnr: snr, haadfSnr: 20, seed, sensitivities: k });
  const n = size * size;
  const maps = ph.elements.map((_, i) => acq.maps.slice(i * n, (i + 1) * n));
  const t0 = Date.now();
  const e = estimateSensitivities(ph.elements, maps, acq.haadf, size, size, elementWeights(ph.elements, 'paper', 1.7), 1.7, { errorLag: Number(process.env.LAG ?? 2) });
  const truth = ph.elements.map((el) => (k[el] ?? 1) / (k[ph.elements[0]!] ?? 1));
  const rows = ph.elements.slice(1).map((el, j) => {
    const i = j + 1, r = e.ratios[i]!, s = e.standardErrors[i]!, jk = e.errorSources.jackknife[i]!, hac = e.errorSources.sandwich[i]!;
    return { el, est: +r.toFixed(4), truth: truth[i], relErr: +((r / truth[i]! - 1) * 100).toFixed(2), relSe: +((s / r) * 100).toFixed(2), z: +((r - truth[i]!) / s).toFixed(2), relJk: +((jk / r) * 100).toFixed(2), relHac: +((hac / r) * 100).toFixed(2) };
  });
  console.log(JSON.stringify({ name, size, snr, seed, phases: e.phases, cond: +e.conditioning.toFixed(2), identifiable: e.identifiable, ms: Date.now() - t0, rows }));
}
