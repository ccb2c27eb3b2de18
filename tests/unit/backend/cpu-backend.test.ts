// CpuBackend against the reference oracle (ReferenceBackend): same iterates and cost terms after each of
// several iterations, for both FGP kernel paths, 1, 2 and more threads than rows, odd and degenerate shapes.
// Tolerances (relative, absolute below 0.01; float32 storage): TypeScript kernels 1e-6 (they repeat the
// reference's float32 roundings and are bit-identical in practice), WebAssembly kernels 2e-5 (float32
// arithmetic throughout). Cost terms: 1e-9 (TypeScript), 1e-5 (WebAssembly).

import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../../../src/compute/node/cpu/cpu-backend.js';
import { ReferenceBackend } from '../../../src/compute/backend/reference.js';
import type { FusionBackend, KernelProblem } from '../../../src/compute/backend/types.js';
import { copyProblem, maxRelativeError, randomProblem, relative, type ProblemSpec } from './problems.js';

const TOLERANCE = { ts: { x: 1e-6, cost: 1e-9 }, wasm: { x: 2e-5, cost: 1e-5 } } as const;

interface Case extends ProblemSpec {
  threads: number;
}

const CASES: Case[] = [
  { width: 37, height: 23, elements: 3, gamma: 1.7, dataTerm: 'poisson', lambdaTV: 0.1, threads: 1 },
  { width: 37, height: 23, elements: 3, gamma: 1.7, dataTerm: 'poisson', lambdaTV: 0.1, threads: 2 },
  { width: 37, height: 23, elements: 2, gamma: 2, dataTerm: 'lsq', lambdaTV: 0.3, threads: 2 },
  { width: 23, height: 37, elements: 4, gamma: 1.4, dataTerm: 'poisson', lambdaTV: 0, threads: 2 },
  { width: 37, height: 23, elements: 1, gamma: 1.5, dataTerm: 'lsq', lambdaTV: 0.2, threads: 1 },
  { width: 64, height: 48, elements: 3, gamma: 1.7, dataTerm: 'lsq', lambdaTV: 0.05, threads: 3, eps: 1e-3 },
  { width: 1, height: 40, elements: 2, gamma: 1.7, dataTerm: 'poisson', lambdaTV: 0.1, threads: 2 },
  { width: 40, height: 1, elements: 2, gamma: 1.4, dataTerm: 'lsq', lambdaTV: 0.1, threads: 3 },
  { width: 5, height: 3, elements: 2, gamma: 2, dataTerm: 'poisson', lambdaTV: 0.2, threads: 5 },
  { width: 1, height: 1, elements: 1, gamma: 1.7, dataTerm: 'poisson', lambdaTV: 0.1, threads: 2 },
  { width: 17, height: 9, elements: 2, gamma: 1.7, dataTerm: 'poisson', lambdaTV: 0.1, tvIterations: 1, threads: 2 },
];

const label = (c: Case): string =>
  `${c.width}×${c.height}×${c.elements} γ=${c.gamma} ${c.dataTerm} λ_TV=${c.lambdaTV}${c.tvIterations ? ` ng=${c.tvIterations}` : ''} threads=${c.threads}`;

/** Runs `iterations` iterate() on both, comparing x and costs after each; returns the worst errors. */
async function compare(fast: FusionBackend, base: KernelProblem, iterations = 4): Promise<{ x: number; cost: number }> {
  const pr = copyProblem(base), pf = copyProblem(base);
  const ref = new ReferenceBackend();
  await ref.setup(pr);
  await fast.setup(pf);
  let worstX = 0, worstCost = 0;
  try {
    for (let it = 0; it < iterations; it++) {
      await ref.iterate();
      await fast.iterate();
      worstX = Math.max(worstX, maxRelativeError(pf.x, pr.x));
      const cr = await ref.costs(), cf = await fast.costs();
      worstCost = Math.max(worstCost, relative(cf.haadf, cr.haadf), relative(cf.chem, cr.chem), relative(cf.tv, cr.tv));
    }
  } finally {
    await fast.dispose();
  }
  return { x: worstX, cost: worstCost };
}

for (const kernels of ['ts', 'wasm'] as const) {
  describe(`CpuBackend (${kernels} kernels) matches the reference`, () => {
    for (const c of CASES) {
      it(label(c), async () => {
        const err = await compare(new CpuBackend({ threads: c.threads, kernels }), randomProblem(c));
        expect(err.x).toBeLessThanOrEqual(TOLERANCE[kernels].x);
        expect(err.cost).toBeLessThanOrEqual(TOLERANCE[kernels].cost);
      });
    }

    it('works on problem arrays that are not shared (copied to shared memory)', async () => {
      const err = await compare(new CpuBackend({ threads: 2, kernels }), randomProblem({ width: 30, height: 20, elements: 2, gamma: 1.7, dataTerm: 'poisson', lambdaTV: 0.1, unshared: true }));
      expect(err.x).toBeLessThanOrEqual(TOLERANCE[kernels].x);
    });

    it('sees the HAADF and x the solver rewrites between iterations', async () => {
      const base = randomProblem({ width: 31, height: 19, elements: 2, gamma: 1.7, dataTerm: 'lsq', lambdaTV: 0.1 });
      const pr = copyProblem(base), pf = copyProblem(base);
      const ref = new ReferenceBackend(), fast = new CpuBackend({ threads: 2, kernels });
      await ref.setup(pr);
      await fast.setup(pf);
      try {
        for (let it = 0; it < 3; it++) {
          for (const p of [pr, pf]) {
            for (let k = 0; k < p.haadf.length; k++) p.haadf[k] = p.haadf[k]! * (1 + 0.1 * it);
            p.x[it] = 2.5; // a warm-start style edit
          }
          await ref.iterate();
          await fast.iterate();
          expect(maxRelativeError(pf.x, pr.x)).toBeLessThanOrEqual(TOLERANCE[kernels].x);
        }
      } finally {
        await fast.dispose();
      }
    });
  });
}

describe('CpuBackend', () => {
  it('names itself by kernels and threads, defaults to the wasm kernels and all cores', () => {
    expect(new CpuBackend({ threads: 2 }).name).toBe('cpu×2');
    expect(new CpuBackend({ threads: 1, kernels: 'ts' }).name).toBe('cpu-ts×1');
    expect(new CpuBackend().kernels).toBe('wasm');
    expect(new CpuBackend({ name: 'x' }).name).toBe('x');
  });

  it('rejects a bad thread count', () => {
    expect(() => new CpuBackend({ threads: 0 })).toThrow(/threads/);
    expect(() => new CpuBackend({ threads: 1.5 })).toThrow(/threads/);
  });

  it('refuses to iterate before setup and after dispose', async () => {
    const b = new CpuBackend({ threads: 2 });
    await expect(b.iterate()).rejects.toThrow(/setup/);
    await b.setup(randomProblem({ width: 8, height: 8, elements: 1, gamma: 1.7, dataTerm: 'lsq', lambdaTV: 0.1 }));
    await b.iterate();
    await b.dispose();
    await expect(b.costs()).rejects.toThrow(/setup/);
  });

  it('can be set up again for another problem', async () => {
    const b = new CpuBackend({ threads: 2 });
    await b.setup(randomProblem({ width: 8, height: 8, elements: 1, gamma: 1.7, dataTerm: 'lsq', lambdaTV: 0.1 }));
    await b.iterate();
    const err = await compare(b, randomProblem({ width: 13, height: 11, elements: 2, gamma: 1.4, dataTerm: 'poisson', lambdaTV: 0.2 }));
    expect(err.x).toBeLessThanOrEqual(TOLERANCE.wasm.x);
  });
});
