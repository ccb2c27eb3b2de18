// The solver's momentum passes on the WebAssembly kernels (backend/cpu/wasm-momentum.ts, wasm/momentum.as) against
// the TypeScript loops of solve/fuse.ts: the extrapolation to the bit, the sums to float64 rounding (another order).

import { describe, expect, it } from 'vitest';
import { wasmExtrapolate, wasmMomentumSums } from '../../../src/compute/backend/cpu/wasm-momentum.js';
import { kernelsWasmModule } from '../../../src/compute/backend/cpu/wasm/kernels-module.js';
import { rng } from '../helpers.js';

const wasm = kernelsWasmModule() !== null;

/** x_{k+1}, x_k, y_k of n pixels: values over decades, zeros, and x_k above x_{k+1} at some pixels. */
function iterates(n: number, seed: number) {
  const r = rng(seed);
  const x = Float32Array.from({ length: n }, () => (r() < 0.1 ? 0 : 10 ** (4 * r() - 3)));
  const current = Float32Array.from(x, (v) => (r() < 0.1 ? 0 : v * (0.5 + r())));
  const start = Float32Array.from(x, (v) => v * (0.9 + 0.2 * r()));
  return { x, current, start };
}

function tsSums(x: Float32Array, current: Float32Array, start: Float32Array) {
  let d = 0, s = 0, r = 0, dot = 0;
  for (let j = 0; j < x.length; j++) {
    const v = x[j]!, e = v - current[j]!, f = v - start[j]!;
    d += e * e; r += f * f; s += v * v; dot -= f * e;
  }
  return { change: d, residual: r, norm: s, dot };
}

const relative = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('the momentum passes on the WebAssembly kernels', () => {
  it.runIf(wasm)('sum ‖x − x_k‖², ‖x − y_k‖², ‖x‖² and the restart dot product as the TypeScript loop does, to float64 rounding', () => {
    for (const n of [1, 3, 4, 1001, 600_000]) { // 600 000: more than one chunk, and a tail after the last four
      const { x, current, start } = iterates(n, n);
      const got = wasmMomentumSums(x, current, start)!, want = tsSums(x, current, start);
      for (const key of ['change', 'residual', 'norm', 'dot'] as const) expect(relative(got[key], want[key])).toBeLessThan(1e-11);
      expect(Math.sign(got.dot)).toBe(Math.sign(want.dot));
    }
  });

  it.runIf(wasm)('extrapolate max(0, x + β(x − x_k)) rounded to float32 and keep x_{k+1} as x_k, to the bit', () => {
    for (const n of [1, 7, 1001, 600_000]) {
      for (const beta of [0, 0.37, 0.9]) {
        const { x, current } = iterates(n, 3 * n + 1);
        if (n > 5) { x[5] = NaN; current[2] = 1e30; } // NaN and a step far below zero both give 0
        const wantX = x.slice(), wantCurrent = current.slice();
        for (let j = 0; j < n; j++) {
          const v = wantX[j]!;
          const y = v + beta * (v - wantCurrent[j]!);
          wantCurrent[j] = v;
          wantX[j] = y > 0 ? y : 0;
        }
        expect(wasmExtrapolate(x, current, beta)).toBe(true);
        expect(Buffer.from(x.buffer).equals(Buffer.from(wantX.buffer))).toBe(true);
        expect(Buffer.from(current.buffer).equals(Buffer.from(wantCurrent.buffer))).toBe(true);
      }
    }
  });
});
