// GpuBackend (gpu.js pipeline) against the reference oracle at small sizes, in the gpu.js modes that run in
// Node here: 'webasm' (WebAssembly, fused pipeline) and 'cpu'. GL and WebGPU modes cannot run here (no
// headless-gl, no WebGPU adapter) and are not tested. Tolerance: 2e-5 relative (absolute below 0.01) on x,
// 1e-5 on the cost terms — float32 arithmetic throughout, as on a GPU.

import { describe, expect, it } from 'vitest';
import { GpuBackend } from '../../../src/compute/backend/gpu/gpu-backend.js';
import { ReferenceBackend } from '../../../src/compute/backend/reference.js';
import { copyProblem, maxRelativeError, randomProblem, relative, type ProblemSpec } from './problems.js';

const CASES: ProblemSpec[] = [
  { width: 37, height: 23, elements: 3, gamma: 1.7, dataTerm: 'poisson', lambdaTV: 0.1 },
  { width: 16, height: 9, elements: 2, gamma: 2, dataTerm: 'lsq', lambdaTV: 0.3 },
  { width: 12, height: 5, elements: 1, gamma: 1.4, dataTerm: 'poisson', lambdaTV: 0 },
  { width: 1, height: 17, elements: 2, gamma: 1.7, dataTerm: 'lsq', lambdaTV: 0.1, tvIterations: 3 },
];

for (const mode of ['webasm', 'cpu'] as const) {
  describe(`GpuBackend in gpu.js '${mode}' mode matches the reference`, () => {
    for (const c of CASES) {
      it(`${c.width}×${c.height}×${c.elements} γ=${c.gamma} ${c.dataTerm} λ_TV=${c.lambdaTV}`, async () => {
        const base = randomProblem(c);
        const pr = copyProblem(base), pg = copyProblem(base);
        const ref = new ReferenceBackend(), gpu = new GpuBackend({ mode });
        await ref.setup(pr);
        await gpu.setup(pg);
        try {
          for (let it = 0; it < 3; it++) {
            await ref.iterate();
            await gpu.iterate();
            expect(maxRelativeError(pg.x, pr.x)).toBeLessThanOrEqual(2e-5);
          }
          const cr = await ref.costs(), cg = await gpu.costs();
          expect(relative(cg.haadf, cr.haadf)).toBeLessThanOrEqual(1e-5);
          expect(relative(cg.chem, cr.chem)).toBeLessThanOrEqual(1e-5);
          expect(relative(cg.tv, cr.tv)).toBeLessThanOrEqual(1e-5);
          expect(gpu.name).toBe(`gpu:${mode}`);
        } finally {
          await gpu.dispose();
        }
      });
    }
  });
}
