// fgp.as fgpTile (the dual in a ring of 2·ng rows, never zero-filled) against fgpTilePlanes (round 4's schedule:
// four zero-filled planes of the whole tile): every float of the result equal, on sizes that are not multiples of
// the SIMD width or of the ring, 1-row and 1-column tiles, tiles shorter than the ring, ng = 1 (only the first
// iteration's special case), partial output ranges and output in place; and both close to the TypeScript FGP.

import { describe, expect, it } from 'vitest';
import { instantiateKernels, kernelsWasmModule } from '../../../src/compute/backend/cpu/wasm/kernels-module.js';
import { ringBytes } from '../../../src/compute/backend/cpu/wasm/layout.js';
import { fgpMomenta } from '../../../src/compute/backend/cpu/plan-init.js';
import { wasmApi } from '../../../src/compute/backend/cpu/wasm/webassembly-api.js';
import { fgpProx } from '../../../src/compute/tv/fgp.js';
import { CpuBackend } from '../../../src/compute/node/cpu/cpu-backend.js';
import type { FgpSchedule } from '../../../src/compute/backend/cpu/plan-init.js';
import { rng } from '../helpers.js';
import { copyProblem, randomProblem, type ProblemSpec } from './problems.js';

const align = (n: number): number => Math.ceil(n / 16) * 16;

interface Case {
  width: number;
  rows: number;
  iterations: number;
  lambda: number;
  /** Output rows [outFrom, outTo) (default all). */
  outFrom?: number;
  outTo?: number;
  /** Write the result over b (as the backend does). */
  inPlace?: boolean;
}

/** Runs one kernel on a fresh memory whose free bytes are filled with garbage (so a read of unset dual shows). */
function runKernel(kernel: 'fgpTile' | 'fgpTilePlanes', b: Float32Array, c: Case): Float32Array {
  const module = kernelsWasmModule();
  if (!module || !wasmApi) throw new Error('no WebAssembly SIMD here');
  const { width: w, rows, iterations: K } = c;
  const plane = align(rows * w * 4), row = align(w * 4);
  const base = 1024;
  const bAt = base, outAt = bAt + plane, dual = outAt + plane;
  const dualBytes = kernel === 'fgpTile' ? ringBytes(w, K) : 4 * plane;
  const momenta = dual + dualBytes, z = momenta + align(K * 4), zeros = z + 2 * K * row, end = zeros + row + 64;
  const memory = new wasmApi.Memory({ initial: Math.ceil(end / 65536), maximum: 1024, shared: true });
  const f = instantiateKernels(module, memory);
  const heap = new Float32Array(memory.buffer);
  heap.fill(Number.NaN, base / 4); // garbage everywhere: what the kernels read must be what they wrote or were given
  heap.fill(0, zeros / 4, (zeros + row) / 4);
  heap.set(b, bAt / 4);
  heap.set(Float32Array.from(fgpMomenta(K)), momenta / 4);
  const out = c.inPlace ? bAt : outAt;
  const from = c.outFrom ?? 0, to = c.outTo ?? rows;
  f[kernel](bAt, dual, w, rows, K, c.lambda, momenta, z, zeros, out, from, to);
  return heap.slice((out + from * w * 4) / 4, (out + to * w * 4) / 4);
}

function image(width: number, rows: number, seed: number): Float32Array {
  const r = rng(seed);
  return Float32Array.from({ length: width * rows }, (_, k) => (r() < 0.05 ? 0 : 2 + Math.sin(k * 0.37) + 1.5 * r() - (r() < 0.1 ? 3 : 0)));
}

function expectSameFloats(a: Float32Array, b: Float32Array): void {
  expect(a.length).toBe(b.length);
  let differing = 0;
  for (let k = 0; k < a.length; k++) if (!Object.is(a[k], b[k])) differing++;
  expect(differing).toBe(0);
}

const CASES: Case[] = [
  { width: 1, rows: 1, iterations: 10, lambda: 0.1 },
  { width: 1, rows: 37, iterations: 10, lambda: 0.3 },
  { width: 29, rows: 1, iterations: 10, lambda: 0.3 },
  { width: 2, rows: 3, iterations: 4, lambda: 0.2 },
  { width: 3, rows: 5, iterations: 10, lambda: 0.05 }, // rows < ring (20) and < halo
  { width: 5, rows: 19, iterations: 10, lambda: 0.5 },
  { width: 7, rows: 21, iterations: 10, lambda: 0.1 }, // rows = ring + 1
  { width: 13, rows: 40, iterations: 10, lambda: 0.1 }, // rows = 2 · ring
  { width: 37, rows: 41, iterations: 1, lambda: 0.2 }, // only the first iteration
  { width: 37, rows: 41, iterations: 2, lambda: 0.2 },
  { width: 33, rows: 57, iterations: 25, lambda: 0.15 },
  { width: 64, rows: 33, iterations: 10, lambda: 1 },
  { width: 101, rows: 77, iterations: 10, lambda: 0.05, outFrom: 11, outTo: 66, inPlace: true }, // a tile's own rows, over b
  { width: 18, rows: 30, iterations: 3, lambda: 0.4, outFrom: 0, outTo: 29, inPlace: true },
];

describe('fgpTile (dual ring) against fgpTilePlanes (round 4)', () => {
  CASES.forEach((c, i) => {
    it(`${c.width}×${c.rows}, ${c.iterations} iterations, λ=${c.lambda}${c.inPlace ? `, rows ${c.outFrom}–${c.outTo} in place` : ''}: every float equal`, () => {
      const b = image(c.width, c.rows, 100 + i);
      const ring = runKernel('fgpTile', b, c);
      const planes = runKernel('fgpTilePlanes', b, c);
      for (const v of ring) expect(Number.isFinite(v)).toBe(true);
      expectSameFloats(ring, planes);
    });
  });

  it('computes the FGP prox of tv/fgp.ts (float32 arithmetic, the projection as a product by 1/‖·‖: within 1e-5)', () => {
    const c: Case = { width: 23, rows: 31, iterations: 10, lambda: 0.2 };
    const b = image(c.width, c.rows, 5);
    const ring = runKernel('fgpTile', b, c);
    const reference = fgpProx(b, c.width, c.rows, c.lambda, c.iterations).x;
    let worst = 0;
    for (let k = 0; k < ring.length; k++) worst = Math.max(worst, Math.abs(ring[k]! - reference[k]!));
    expect(worst).toBeLessThan(1e-5);
    let moved = 0;
    for (let k = 0; k < ring.length; k++) moved = Math.max(moved, Math.abs(ring[k]! - Math.max(0, b[k]!)));
    expect(moved).toBeGreaterThan(0.05); // the prox did smooth (not a copy of P_C(b))
  });
});

describe("CpuBackend fgpSchedule 'ring' (default) against 'planes'", () => {
  const cases: (ProblemSpec & { threads: number; tileRows?: number })[] = [
    { width: 37, height: 41, elements: 3, gamma: 1.7, dataTerm: 'poisson', lambdaTV: 0.1, threads: 2, tileRows: 5 },
    { width: 9, height: 13, elements: 2, gamma: 2, dataTerm: 'lsq', lambdaTV: 0.3, threads: 1, tvIterations: 7 },
    { width: 130, height: 50, elements: 1, gamma: 1.4, dataTerm: 'poisson', lambdaTV: 0.05, threads: 2 },
  ];
  for (const c of cases) {
    it(`${c.width}×${c.height}×${c.elements}, threads=${c.threads}, tiles of ${c.tileRows ?? 'default'} rows: 3 iterations give the same iterates bit for bit`, async () => {
      const base = randomProblem(c);
      const iterates = async (fgpSchedule: FgpSchedule): Promise<Float32Array> => {
        const backend = new CpuBackend({ threads: c.threads, kernels: 'wasm', fgpSchedule, ...(c.tileRows ? { tileRows: c.tileRows } : {}) });
        const problem = copyProblem(base);
        try {
          await backend.setup(problem);
          for (let k = 0; k < 3; k++) await backend.iterate();
        } finally {
          await backend.dispose();
        }
        return problem.x;
      };
      const ring = await iterates('ring');
      expectSameFloats(ring, await iterates('planes'));
      expect(ring).not.toEqual(base.x);
    });
  }
});
