// One phantom (its seed fixed), many noise draws: the estimate's conditional bias and spread vs the stated σ and its parts.
// npx tsx scratch/k-conditional.ts <phantom> <size> <snr> <phantomSeed> <draws> [k as El=v,...] [first noise seed]
import { estimateSensitivities } from '../src/compute/kfactors/estimate.js';
import { elementWeights } from '../src/compute/model/weighting.js';
import { PHANTOMS, simulateAcquisition } from '../src/compute/simulate/index.js';
import type { PhantomName } from '../src/compute/simulate/phantoms/index.js';

const [name, sizeS, snrS, seedS, drawsS, kS, firstS] = process.argv.slice(2);
const size = Number(sizeS), snr = Number(snrS), draws = Number(drawsS), first = Number(firstS ?? 1000);
const k: Record<string, number> = Object.fromEntries((kS ?? '').split(',').filter(Boolean).map((s) => { const [e, v] = s.split('='); return [e!, Number(v)]; }));
const ph = PHANTOMS[name as PhantomName]({ width: size, height: size, seed: Number(seedS) });
const n = size * size;
const truth = ph.elements.map((el) => (k[el] ?? 1) / (k[ph.elements[0]!] ?? 1));
const runs = [];
for (let d = 0; d < draws; d++) {
  const acq = simulateAcquisition(ph, { chemSnr: snr, haadfSnr: 20, seed: first + d, sensitivities: k });
  const maps = ph.elements.map((_, i) => acq.maps.slice(i * n, (i + 1) * n));
  runs.push(estimateSensitivities(ph.elements, maps, acq.haadf, size, size, elementWeights(ph.elements, 'paper', 1.7), 1.7, { seed: 7 + d }));
}
const rms = (v: number[]) => +(100 * Math.sqrt(v.reduce((a, b) => a + b * b, 0) / v.length)).toFixed(2);
for (let i = 1; i < ph.elements.length; i++) {
  const r = runs.map((e) => Math.log(e.ratios[i]! / truth[i]!));
  const m = r.reduce((a, b) => a + b, 0) / draws, sd = Math.sqrt(r.reduce((a, b) => a + (b - m) ** 2, 0) / (draws - 1));
  const kurt = r.reduce((a, b) => a + (b - m) ** 4, 0) / draws / sd ** 4;
  const rel = (f: (e: typeof runs[number]) => number) => runs.map((e) => f(e) / e.ratios[i]!);
  const z = runs.map((e, d) => r[d]! / (e.standardErrors[i]! / e.ratios[i]!));
  console.log(JSON.stringify({ name, size, snr, phantomSeed: Number(seedS), el: ph.elements[i], bias: +(100 * m).toFixed(2), sd: +(100 * sd).toFixed(2), kurtosis: +kurt.toFixed(1), stated: rms(rel((e) => e.standardErrors[i]!)), sandwich: rms(rel((e) => e.errorSources.sandwich[i]!)), jackknife: rms(rel((e) => e.errorSources.jackknife[i]!)), cover2: z.filter((v) => Math.abs(v) < 2).length / draws }));
}
