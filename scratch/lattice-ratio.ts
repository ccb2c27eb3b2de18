import { PHANTOMS, simulateAcquisition } from '../src/compute/simulate/index.js';
import { detectLattice } from '../src/compute/solve/lattice-detect.js';
for (const name of Object.keys(PHANTOMS) as (keyof typeof PHANTOMS)[]) for (const size of [64, 100, 256, 300]) for (const snr of [3, 20, 100]) {
  const ph = PHANTOMS[name]({ width: size, height: size, seed: 4 });
  const acq = simulateAcquisition(ph, { chemSnr: 2, haadfSnr: snr, seed: 2 });
  const v = detectLattice(acq.haadf, size, size);
  console.log(name, size, snr, JSON.stringify(v));
}
