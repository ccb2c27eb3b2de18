import { CpuBackend } from '../src/compute/node/index.js';
import { CASES, prepare, gains, mean, defaultFusion, exhaustiveBest } from '../tests/unit/autoparams/exhaustive.js';
const backend = new CpuBackend({ threads: 1 });
const only = process.argv[2];
for (const c of CASES) {
  if (only && !c.label.includes(only)) continue;
  const p = prepare(c);
  const r = await defaultFusion(p, backend);
  const g = gains(p, r.maps);
  const ex = process.argv[3] === 'noex' ? { gain: NaN, lambdaTV: 0, lambdaChem: 0, fusions: 0 } : await exhaustiveBest(p, backend);
  console.log(`${c.label}: default gain ${mean(g).toFixed(2)} [${g.map((v) => v.toFixed(1)).join(' ')}] λ ${r.params.lambdaTV}/${r.params.lambdaChem} start ${r.start}; exhaustive ${ex.gain.toFixed(2)} at ${ex.lambdaTV}/${ex.lambdaChem} (${ex.fusions} fusions); shortfall ${(ex.gain - mean(g)).toFixed(2)}`);
}
await backend.dispose();
