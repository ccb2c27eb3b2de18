import { CpuBackend } from '../src/compute/node/index.js';
import { pathSearch } from '../src/compute/autoparams/path-search.js';
import { DEFAULT_PARAMS } from '../src/compute/solve/params.js';
import { coreShell, simulateAcquisition } from '../src/compute/simulate/index.js';
import { fuse } from '../src/compute/solve/fuse.js';
const size = 512, n = size * size;
const ph = coreShell({ width: size, height: size, seed: 7 });
const acq = simulateAcquisition(ph, { chemSnr: 2.5, haadfSnr: 20, seed: 7 });
const inputs = { width: size, height: size, elements: ph.elements, haadf: acq.haadf, maps: ph.elements.map((_, i) => acq.maps.slice(i * n, (i + 1) * n)) };
const backend = new CpuBackend({ threads: 1 });
const c = { x0: 208, y0: 208, w: 96 };
const crop = (a: Float32Array) => { const o = new Float32Array(96 * 96); for (let y = 0; y < 96; y++) o.set(a.subarray((208 + y) * size + 208, (208 + y) * size + 304), y * 96); return o; };
const ci = { width: 96, height: 96, elements: ph.elements, haadf: crop(inputs.haadf), maps: inputs.maps.map(crop) };
console.log('map sums', ci.maps.map((m) => m.reduce((s, v) => s + v, 0)));
try { const r = await fuse(ci, { ...DEFAULT_PARAMS, tolerance: 3e-4, iterations: 50 }, { backend }); console.log('ok', r.iterationsRun); } catch (e) { console.log('ERR', (e as Error).message); }
await backend.dispose();
