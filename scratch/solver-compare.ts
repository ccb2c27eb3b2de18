import { fuse } from '../src/compute/solve/fuse.js';
import { DEFAULT_PARAMS, type FusionParams } from '../src/compute/solve/params.js';
import { PHANTOMS, simulateAcquisition } from '../src/compute/simulate/index.js';
import { psnr } from '../src/compute/metrics/index.js';
import { CpuBackend } from '../src/compute/backend/index.js';

const size = Number(process.argv[2] ?? 128);
const names = (process.argv[3] ?? 'core-shell,ga2o3-films,lattice').split(',') as (keyof typeof PHANTOMS)[];
const configs: [string, Partial<FusionParams>][] = [
  ['plain 60 (old default)', { solver: 'plain', iterations: 60, tolerance: 0 }],
  ['plain tol1e-5 (old loop)', { solver: 'plain', iterations: 5000, tolerance: 1e-5 }],
  ['fista tol1e-5', { solver: 'fista', iterations: 5000, tolerance: 1e-5 }],
  ['fista tol1e-6', { solver: 'fista', iterations: 5000, tolerance: 1e-6 }],
];
const backend = new CpuBackend({ threads: 2 });
for (const name of names) {
  const ph = PHANTOMS[name]({ width: size, height: size, seed: 11 });
  const acq = simulateAcquisition(ph, { chemSnr: 2.5, haadfSnr: 20, seed: 5 });
  const n = size * size;
  const raw = ph.elements.map((_, i) => acq.maps.slice(i * n, (i + 1) * n));
  const truth = ph.elements.map((_, i) => acq.truthMaps.slice(i * n, (i + 1) * n));
  const lambdaTV = name === 'lattice' ? 0.0025 : 0.005; const lambdaChem = 0.0125;
  for (const [label, c] of configs) {
    const t0 = performance.now();
    const r = await fuse({ width: size, height: size, elements: ph.elements, haadf: acq.haadf, maps: raw }, { ...DEFAULT_PARAMS, lambdaTV, lambdaChem, start: 'data', ...c }, { backend });
    const ms = performance.now() - t0;
    const gains = raw.map((m, i) => (psnr(r.maps[i]!, truth[i]!) - psnr(m, truth[i]!)).toFixed(2));
    const last = r.history.at(-1)!;
    const restarts = r.history.filter((h) => h.restarted).length;
    const bt = last.stepScale;
    console.log(`${name.padEnd(12)} ${label.padEnd(24)} it ${String(r.iterationsRun).padStart(5)} ${(ms / 1000).toFixed(2)}s F ${last.total.toExponential(7)} res ${(last.residual ?? NaN).toExponential(2)} restarts ${restarts} step ${bt} gains ${gains.join(' ')}`);
  }
}
await backend.dispose();
