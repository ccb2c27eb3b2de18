// Per-pixel weights of Ψ2 (KernelProblem.mapWeights: weighted least squares from a spectrum image's per-pixel
// variances, issue 11) in every backend: the reference's gradient against finite differences of its cost, and the CPU
// (TypeScript kernels, which compute whenever weights are given) and gpu.js backends against the reference.

import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../../../src/compute/node/cpu/cpu-backend.js';
import { GpuBackend } from '../../../src/compute/backend/gpu/gpu-backend.js';
import { ReferenceBackend } from '../../../src/compute/backend/reference.js';
import type { FusionBackend, KernelProblem } from '../../../src/compute/backend/types.js';
import { chemCost, chemGradient } from '../../../src/compute/model/chem-term.js';
import { sharedFloat32 } from '../../../src/compute/util/shared-array.js';
import { rng } from '../helpers.js';
import { copyProblem, maxRelativeError, randomProblem, relative, type ProblemSpec } from './problems.js';

/** A problem with weights spread over [0.1, 5] (a 50× range, as a background wedge gives). */
function weighted(spec: ProblemSpec): KernelProblem {
  const p = randomProblem(spec);
  const r = rng(31);
  const w = sharedFloat32(p.maps.length);
  for (let k = 0; k < w.length; k++) w[k] = 0.1 + 4.9 * r();
  return { ...p, mapWeights: w };
}

async function run(b: FusionBackend, p: KernelProblem, iterations = 4): Promise<{ x: Float32Array; chem: number; tv: number; haadf: number }> {
  await b.setup(p);
  try {
    for (let k = 0; k < iterations; k++) await b.iterate();
    const c = await b.costs();
    return { x: p.x.slice(), ...c };
  } finally { await b.dispose(); }
}

const SPECS: ProblemSpec[] = [
  { width: 37, height: 23, elements: 3, gamma: 1.7, dataTerm: 'lsq', lambdaTV: 0.1 },
  { width: 23, height: 17, elements: 2, gamma: 1.5, dataTerm: 'poisson', lambdaTV: 0.2 },
  { width: 31, height: 9, elements: 1, gamma: 2, dataTerm: 'lsq', lambdaTV: 0 },
];

describe('per-pixel weights of the data term', () => {
  it('the weighted gradient is the derivative of the weighted cost (finite differences)', () => {
    const r = rng(5);
    const x = Float32Array.from({ length: 40 }, () => 0.5 + r());
    const b = Float32Array.from({ length: 40 }, () => 2 * r());
    const w = Float32Array.from({ length: 40 }, () => 0.1 + 3 * r());
    for (const term of ['lsq', 'poisson'] as const) {
      const g = chemGradient(term, x, b, 0.01, w);
      for (const k of [0, 7, 39]) {
        const h = 1e-3, xp = x.slice(), xm = x.slice();
        xp[k] = xp[k]! + h; xm[k] = xm[k]! - h;
        const fd = (chemCost(term, xp, b, 0.01, w) - chemCost(term, xm, b, 0.01, w)) / (2 * h);
        expect(Math.abs(g[k]! - fd)).toBeLessThan(2e-3 * Math.max(1, Math.abs(fd)));
      }
    }
  });

  for (const spec of SPECS) {
    const label = `${spec.width}×${spec.height}×${spec.elements} ${spec.dataTerm} λ_TV=${spec.lambdaTV}`;
    it(`CPU (TypeScript kernels, 1 and 2 threads; also when WebAssembly is asked for) and gpu.js match the reference: ${label}`, async () => {
      const base = weighted(spec);
      const ref = await run(new ReferenceBackend(), copyProblem(base));
      const unweighted = await run(new ReferenceBackend(), copyProblem({ ...base, mapWeights: undefined }));
      expect(maxRelativeError(unweighted.x, ref.x), 'the weights change the iterate').toBeGreaterThan(1e-3);
      const backends: [string, FusionBackend, number][] = [
        ['cpu×1', new CpuBackend({ threads: 1 }), 1e-6],
        ['cpu×2', new CpuBackend({ threads: 2 }), 1e-6],
        ['cpu wasm asked', new CpuBackend({ threads: 2, kernels: 'wasm' }), 1e-6],
        ['gpu.js cpu', new GpuBackend({ mode: 'cpu' }), 2e-5],
      ];
      for (const [name, backend, tol] of backends) {
        const got = await run(backend, copyProblem(base));
        expect(maxRelativeError(got.x, ref.x), name).toBeLessThanOrEqual(tol);
        expect(relative(got.chem, ref.chem), `${name} Ψ2`).toBeLessThanOrEqual(tol === 1e-6 ? 1e-9 : 1e-5);
        if (backend instanceof CpuBackend) expect(backend.name).toMatch(/^cpu-ts×/);
      }
    }, 60_000);
  }

  it('weights of 1 everywhere give the unweighted iterate and costs exactly', async () => {
    const base = randomProblem(SPECS[0]!);
    const ones = sharedFloat32(base.maps.length).fill(1);
    const a = await run(new CpuBackend({ threads: 1, kernels: 'ts' }), copyProblem(base));
    const b = await run(new CpuBackend({ threads: 1 }), copyProblem({ ...base, mapWeights: ones }));
    expect(maxRelativeError(b.x, a.x)).toBe(0);
    expect(b.chem).toBe(a.chem);
  });
});
