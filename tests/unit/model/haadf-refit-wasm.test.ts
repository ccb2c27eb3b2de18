// The HAADF refit on the WebAssembly kernels (backend/cpu/wasm-refit.ts, wasm/refit.as) against the TypeScript passes
// it replaces (model/forward.ts forwardModel, model/haadf-fit.ts fitHaadf, the target (HAADF − background) / s): the
// same sums, coefficients and target to the bit, for offset and ramp backgrounds, in one band and in several.

import { describe, expect, it } from 'vitest';
import { forwardModel } from '../../../src/compute/model/forward.js';
import { fitHaadf, fitHaadfToModel } from '../../../src/compute/model/haadf-fit.js';
import { wasmHaadfTarget, wasmRefitSums } from '../../../src/compute/backend/cpu/wasm-refit.js';
import { kernelsWasmModule } from '../../../src/compute/backend/cpu/wasm/kernels-module.js';

function random(seed: number): () => number {
  return () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
}

/** ne maps with zeros, values over six decades, and a HAADF that follows them with noise and a ramp. */
function problem(width: number, height: number, ne: number, seed: number) {
  const rnd = random(seed);
  const n = width * height;
  const x = Float32Array.from({ length: ne * n }, () => (rnd() < 0.2 ? 0 : 10 ** (6 * rnd() - 4)));
  const weights = Float64Array.from({ length: ne }, (_, i) => 1 + 7 * i + rnd());
  const model = forwardModel(x, weights, 1.7, n);
  const haadf = Float32Array.from(model, (m, p) => 3e4 * m + 1e6 + 50 * ((p % width) / width) + 100 * rnd());
  return { x, weights, haadf };
}

const wasm = kernelsWasmModule() !== null;

/** Two float32 arrays bit for bit (toEqual is slow on a million elements). */
const sameBits = (a: Float32Array, b: Float32Array): boolean => a.length === b.length && Buffer.compare(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), new Uint8Array(b.buffer, b.byteOffset, b.byteLength)) === 0;

describe('the HAADF refit on the WebAssembly kernels', () => {
  it.runIf(wasm)('fits the same scale and background as forwardModel + fitHaadf, to the bit', () => {
    // 2048 × 300 × 3 is more than one band of the wasm memory (8 MiB): the sums go on from band to band
    for (const [w, h, ne, gamma] of [[37, 23, 3, 1.7], [2, 9, 2, 1.6], [2048, 300, 3, 1.7], [64, 40, 4, 1.45]] as const) {
      const { x, weights, haadf } = problem(w, h, ne, w + h);
      for (const kind of ['offset', 'ramp'] as const) {
        const reference = fitHaadf(haadf, [forwardModel(x, weights, gamma, w * h)], w, h, kind)!;
        const fit = fitHaadfToModel(haadf, x, weights, gamma, w, h, kind)!;
        expect(fit.scales).toEqual(reference.scales);
        expect(fit.background).toEqual(reference.background);
        expect(fit.scales[0]).toBeGreaterThan(0);
        let mean = 0;
        for (const v of haadf) mean += v;
        expect(wasmRefitSums(x, haadf, weights, gamma, w, h, mean / (w * h), kind === 'ramp')).not.toBeNull(); // the fit above ran on the wasm kernels
      }
    }
  });

  it.runIf(wasm)('hands back to TypeScript (null) where an x is subnormal, negative or not finite, and the fit is still the same', () => {
    const { x, weights, haadf } = problem(16, 12, 3, 5);
    for (const odd of [1e-40, -0.5, Infinity, NaN, -0]) {
      const y = x.slice();
      y[77] = odd;
      expect(wasmRefitSums(y, haadf, weights, 1.7, 16, 12, 0, true)).toBeNull();
      const reference = fitHaadf(haadf, [forwardModel(y, weights, 1.7, 16 * 12)], 16, 12, 'ramp');
      const fit = fitHaadfToModel(haadf, y, weights, 1.7, 16, 12, 'ramp');
      expect(fit?.scales).toEqual(reference?.scales);
    }
  });

  it.runIf(wasm)('writes the target (HAADF − background) / s and the ramp image as the TypeScript passes do', () => {
    for (const [w, h] of [[37, 23], [4096, 200], [3, 5]] as const) { // 4096 × 200: more than one band
      const { x, weights, haadf } = problem(w, h, 3, 9);
      for (const kind of ['offset', 'ramp'] as const) {
        const fit = fitHaadf(haadf, [forwardModel(x, weights, 1.7, w * h)], w, h, kind)!;
        const slope = fit.scales[0]!, c0 = fit.background[0]!;
        const image = kind === 'ramp' ? fit.backgroundImage : null;
        const expected = new Float32Array(w * h);
        for (let k = 0; k < w * h; k++) expected[k] = (haadf[k]! - (image ? image[k]! : c0)) / slope;
        const out = new Float32Array(w * h);
        const background = kind === 'ramp' ? new Float32Array(w * h) : null;
        expect(wasmHaadfTarget(haadf, out, background, fit.background, slope, w, h)).toBe(true);
        expect(sameBits(out, expected)).toBe(true);
        if (image) expect(sameBits(background!, image)).toBe(true);
      }
    }
  });
});
