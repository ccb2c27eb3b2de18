import { fuse } from '../src/compute/solve/fuse.js';
import { DEFAULT_PARAMS, type FusionParams } from '../src/compute/solve/params.js';
import { PHANTOMS, simulateAcquisition } from '../src/compute/simulate/index.js';
import { psnr } from '../src/compute/metrics/index.js';
import { CpuBackend } from '../src/compute/backend/index.js';
import { pathSearch } from '../src/compute/autoparams/path-search.js';

const size = Number(process.argv[2] ?? 96);
const names = (process.argv[3] ?? 'core-shell,ga2o3-films,lattice').split(',') as (keyof typeof PHANTOMS)[];
const exhaustive = process.argv[4] !== "no";
const chemSnr = Number(process.argv[5] ?? 2.5);
const backend = new CpuBackend({ threads: 2 });
for (const name of names) {
  const ph = PHANTOMS[name]({ width: size, height: size, seed: 21 });
  const acq = simulateAcquisition(ph, { chemSnr, haadfSnr: 20, seed: 8 });
  const n = size * size;
  const raw = ph.elements.map((_, i) => acq.maps.slice(i * n, (i + 1) * n));
  const truth = ph.elements.map((_, i) => acq.truthMaps.slice(i * n, (i + 1) * n));
  const inputs = { width: size, height: size, elements: ph.elements, haadf: acq.haadf, maps: raw };
  const gain = (maps: Float32Array[]) => raw.map((m, i) => psnr(maps[i]!, truth[i]!) - psnr(m, truth[i]!));
  const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
  let t0 = performance.now();
  const fixed = await fuse(inputs, DEFAULT_PARAMS, { backend });
  const fixedMs = performance.now() - t0;
  t0 = performance.now();
  const s = await pathSearch(inputs, DEFAULT_PARAMS, { backend });
  const searchMs = performance.now() - t0;
  const fin = await fuse(inputs, s.params, { backend, ...(s.warmStart ? { warmStart: s.warmStart } : {}) });
  const autoMs = performance.now() - t0;
  const g = gain(fin.maps);
  console.log(`${name} ${size} fixed: ${fixed.iterationsRun} it ${(fixedMs/1000).toFixed(2)}s gain ${mean(gain(fixed.maps)).toFixed(2)} | auto: search ${s.curve.length} fus ${s.searchIterations} it ${(searchMs/1000).toFixed(2)}s + final ${fin.iterationsRun} it = ${(autoMs/1000).toFixed(2)}s ratio ${(autoMs/fixedMs).toFixed(2)} λTV ${s.params.lambdaTV} λc ${s.params.lambdaChem} gain ${mean(g).toFixed(2)} [${g.map((v) => v.toFixed(1)).join(' ')}]`);
  console.log('  curve', s.curve.map((c) => `${c.lambdaTV}/${c.lambdaChem}:${c.score.toFixed(4)}`).join(' '));
  if (!exhaustive) continue;
  let bestG = -Infinity, bestAt = '';
  const rows: string[] = [];
  for (let a = -6; a <= 2; a++) {
    const row: string[] = [];
    for (let c = -5; c <= 3; c++) {
      const p: FusionParams = { ...DEFAULT_PARAMS, lambdaTV: 0.01 * 2 ** a, lambdaChem: 0.05 * 2 ** c, tolerance: 1e-4 };
      const r = await fuse(inputs, p, { backend });
      const mg = mean(gain(r.maps));
      row.push(mg.toFixed(1).padStart(5));
      if (mg > bestG) { bestG = mg; bestAt = `${p.lambdaTV}/${p.lambdaChem}`; }
    }
    rows.push(`  tv ${(0.01 * 2 ** a).toFixed(5)} ${row.join(' ')}`);
  }
  console.log(rows.join('\n'));
  console.log(`  exhaustive best ${bestG.toFixed(2)} at ${bestAt}; auto ${mean(g).toFixed(2)}; shortfall ${(bestG - mean(g)).toFixed(2)} dB`);
}
await backend.dispose();
