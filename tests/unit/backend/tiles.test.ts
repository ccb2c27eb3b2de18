// The WebAssembly kernels in tiles of rows with halos (tiles.ts, wasm-plan.ts): tiles cover the rows once, a
// tiled run is bit-for-bit the untiled one (the halo carries FGP's one row per iteration), and the backend keeps
// its worker threads across problems (a backtracking step or the next fusion binds to them, no restart).

import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../../../src/compute/node/cpu/cpu-backend.js';
import { haloRows, maxTileRows, threadTiles } from '../../../src/compute/backend/cpu/tiles.js';
import type { CostTerms, KernelProblem } from '../../../src/compute/backend/types.js';
import { copyProblem, randomProblem, relative, type ProblemSpec } from './problems.js';

describe('threadTiles', () => {
  it('cuts each band into tiles that cover every row once, with the halo clipped at the edges', () => {
    for (const [threads, height, maxRows, halo] of [[1, 7, 3, 2], [2, 40, 6, 11], [3, 5, 1, 4], [4, 2, 10, 3]] as const) {
      let next = 0;
      for (let r = 0; r < threads; r++) {
        for (const t of threadTiles(r, threads, height, maxRows, halo)) {
          expect(t.y0).toBe(next);
          expect(t.y1 - t.y0).toBeGreaterThan(0);
          expect(t.y1 - t.y0).toBeLessThanOrEqual(maxRows);
          expect(t.top).toBe(Math.max(0, t.y0 - halo));
          expect(t.bottom).toBe(Math.min(height, t.y1 + halo));
          next = t.y1;
        }
      }
      expect(next).toBe(height);
    }
  });

  it('sizes tiles to the memory budget, halo included', () => {
    expect(haloRows(true, 10)).toBe(11);
    expect(haloRows(false, 10)).toBe(0);
    // 'planes': x and maps of 3 elements, haadf and the four dual planes per row; 'ring': no dual per row
    expect(maxTileRows(1000, 3, 11, 11 * 1000 * 4 * 100, 'planes')).toBe(100 - 22);
    expect(maxTileRows(1000, 3, 11, 7 * 1000 * 4 * 100)).toBe(100 - 22);
    expect(maxTileRows(1000, 3, 11, 1)).toBe(1);
  });
});

async function run(backend: CpuBackend, problem: KernelProblem, iterations: number): Promise<{ x: Float32Array; costs: CostTerms[] }> {
  await backend.setup(problem);
  const costs: CostTerms[] = [];
  try {
    for (let k = 0; k < iterations; k++) {
      await backend.iterate();
      costs.push(await backend.costs());
    }
  } finally {
    await backend.dispose();
  }
  return { x: problem.x, costs };
}

const CASES: (ProblemSpec & { threads: number; tileRows: number })[] = [
  { width: 37, height: 41, elements: 3, gamma: 1.7, dataTerm: 'poisson', lambdaTV: 0.1, threads: 1, tileRows: 4 },
  { width: 37, height: 41, elements: 3, gamma: 1.7, dataTerm: 'poisson', lambdaTV: 0.1, threads: 2, tileRows: 5 },
  { width: 20, height: 33, elements: 2, gamma: 2, dataTerm: 'lsq', lambdaTV: 0.3, threads: 3, tileRows: 1, tvIterations: 4 },
  { width: 9, height: 30, elements: 2, gamma: 1.4, dataTerm: 'poisson', lambdaTV: 0, threads: 2, tileRows: 2 },
  { width: 16, height: 64, elements: 1, gamma: 1.5, dataTerm: 'lsq', lambdaTV: 0.2, threads: 2, tileRows: 7, tvIterations: 25 },
];

describe('tiled WebAssembly kernels', () => {
  for (const c of CASES) {
    it(`${c.width}×${c.height}×${c.elements} ${c.dataTerm} λ_TV=${c.lambdaTV} threads=${c.threads}: tiles of ${c.tileRows} rows give the untiled iterates bit for bit`, async () => {
      const base = randomProblem(c);
      const whole = await run(new CpuBackend({ threads: 1 }), copyProblem(base), 4);
      const tiled = await run(new CpuBackend({ threads: c.threads, tileRows: c.tileRows }), copyProblem(base), 4);
      expect(tiled.x).toEqual(whole.x);
      tiled.costs.forEach((t, k) => {
        const w = whole.costs[k]!;
        expect(relative(t.haadf, w.haadf)).toBeLessThan(1e-12); // the same terms, summed in other groups
        expect(relative(t.chem, w.chem)).toBeLessThan(1e-12);
        expect(relative(t.tv, w.tv)).toBeLessThan(1e-12);
      });
    });
  }
});

describe('CpuBackend worker reuse', () => {
  it('binds a new problem to the running workers, with the results of a fresh backend', async () => {
    const reused = new CpuBackend({ threads: 3 });
    const first = randomProblem({ width: 12, height: 10, elements: 1, gamma: 1.7, dataTerm: 'lsq', lambdaTV: 0.1 });
    await reused.setup(first);
    await reused.iterate();
    const ids = reused.workerThreadIds;
    expect(ids).toHaveLength(2);
    const spec: ProblemSpec = { width: 23, height: 17, elements: 3, gamma: 1.4, dataTerm: 'poisson', lambdaTV: 0.2 };
    const a = copyProblem(randomProblem(spec)), b = copyProblem(randomProblem(spec));
    await reused.setup(a);
    expect(reused.workerThreadIds).toEqual(ids); // the same threads, not restarted
    const fresh = new CpuBackend({ threads: 3 });
    await fresh.setup(b);
    try {
      for (let k = 0; k < 3; k++) {
        await reused.iterate();
        await fresh.iterate();
      }
      expect(a.x).toEqual(b.x);
      expect(await reused.costs()).toEqual(await fresh.costs());
      // a scaled step (as backtracking does) on the same arrays, bound again
      await reused.setup({ ...a, stepHaadf: a.stepHaadf / 2, lambdaChem: a.lambdaChem / 2, lambdaTV: a.lambdaTV / 2 });
      expect(reused.workerThreadIds).toEqual(ids);
      await reused.iterate();
    } finally {
      await reused.dispose();
      await fresh.dispose();
    }
    expect(reused.workerThreadIds).toEqual([]);
  });
});

describe('CpuBackend.step (the iteration and its cost terms in one pass)', () => {
  async function stepped(backend: CpuBackend, problem: KernelProblem, iterations: number): Promise<{ x: Float32Array; costs: CostTerms[] }> {
    await backend.setup(problem);
    const costs: CostTerms[] = [];
    try {
      for (let k = 0; k < iterations; k++) costs.push(await backend.step());
    } finally {
      await backend.dispose();
    }
    return { x: problem.x, costs };
  }
  const kernels = [...CASES.map((c) => ({ ...c, kernels: 'wasm' as const })), { ...CASES[1]!, kernels: 'ts' as const, tileRows: 41 }];
  for (const c of kernels) {
    it(`${c.width}×${c.height}×${c.elements} ${c.dataTerm} λ_TV=${c.lambdaTV} threads=${c.threads} ${c.kernels} tiles of ${c.tileRows}: the iterates of iterate() bit for bit, the costs() terms to 1e-12`, async () => {
      const base = randomProblem(c);
      const options = { threads: c.threads, tileRows: c.tileRows, kernels: c.kernels };
      const separate = await run(new CpuBackend(options), copyProblem(base), 4);
      const fused = await stepped(new CpuBackend(options), copyProblem(base), 4);
      expect(fused.x).toEqual(separate.x);
      fused.costs.forEach((t, k) => {
        const s = separate.costs[k]!;
        expect(relative(t.haadf, s.haadf)).toBeLessThan(1e-12); // the same terms, summed in other groups (a tile's last row apart)
        expect(relative(t.chem, s.chem)).toBeLessThan(1e-12);
        expect(relative(t.tv, s.tv)).toBeLessThan(1e-12);
      });
    });
  }
});
