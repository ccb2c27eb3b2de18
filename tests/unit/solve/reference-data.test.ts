// The real EELS dataset (Co3O4–Mn3O4, ../shared/data) fused with the authors' parameters, compared with the
// authors' published output by measures that need no ground truth (see the README, "Against the reference").

import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeHdf5Worker, readDataset, readImage } from '../../../src/compute/io/index.js';
import { fuse, type FusionResult } from '../../../src/compute/solve/fuse.js';
import { REFERENCE_TUTORIAL_2 } from '../../../src/compute/solve/params.js';
import { haadfCost } from '../../../src/compute/model/haadf-term.js';
import { elementWeights } from '../../../src/compute/model/weighting.js';
import { totalVariation } from '../../../src/compute/tv/tv-value.js';
import { boxBlur } from '../../../src/compute/util/blur.js';
import { nrmse } from '../../../src/compute/metrics/index.js';
import { CpuBackend } from '../../../src/compute/node/index.js';
import { stackMaps } from '../../../src/compute/util/stack.js';
import { DATA, hasSample } from '../../sample-data.js';

const REF = path.join(DATA, 'reference/Co3O4_Mn3O4');
const ELEMENTS = ['Co', 'Mn', 'O'];
const W = 400, N = W * W;

let ours: FusionResult;
let theirs: Float32Array[];
let rawNorm: Float32Array[];
let haadfNorm: Float32Array;

const max = (a: Float32Array) => a.reduce((m, v) => Math.max(m, v), -Infinity);

beforeAll(async () => {
  if (!hasSample('reference/Co3O4_Mn3O4/summary.json')) return; // skipped below, said once (tests/unit/sample-data-notice.ts)
  const ds = await readDataset(path.join(DATA, 'Co3O4_Mn3O4.h5'));
  expect(ds.maps.map((m) => m.element)).toEqual(ELEMENTS);
  const backend = new CpuBackend({ threads: 2 });
  ours = await fuse({ width: ds.width, height: ds.height, elements: ELEMENTS, haadf: ds.haadf, maps: ds.maps.map((m) => m.data) }, REFERENCE_TUTORIAL_2, { backend });
  await backend.dispose();
  theirs = await Promise.all(ELEMENTS.map(async (e) => (await readImage(path.join(REF, `fused_${e}.npy`))).data));
  rawNorm = await Promise.all(ELEMENTS.map(async (e) => (await readImage(path.join(REF, `raw_norm_${e}.npy`))).data));
  haadfNorm = (await readImage(path.join(REF, 'haadf_norm.npy'))).data;
}, 120_000);

afterAll(() => closeHdf5Worker());

describe.skipIf(!hasSample('reference/Co3O4_Mn3O4/summary.json'))('Co3O4–Mn3O4 EELS with the authors’ parameters, against their published output', () => {
  it('uses the reference’s min–max normalisation and a_i = Z_i / mean(Z)', () => {
    expect(ours.normalisation.mode).toBe('reference');
    expect(ours.weights.map((w) => +w.toFixed(3))).toEqual([1.35, 1.25, 0.4]); // a_i = Z_i / mean(Z)
  });

  it('fits the HAADF as well: Ψ1 within 2 % of the reference’s (both measured on its normalised HAADF)', () => {
    const a = elementWeights(ELEMENTS, 'tutorial', 1.6);
    const mine = haadfCost(stackMaps(ours.maps), haadfNorm, a, 1.6);
    const ref = haadfCost(stackMaps(theirs), haadfNorm, a, 1.6);
    expect(mine / ref).toBeLessThan(1.02);
    expect(mine / ref).toBeGreaterThan(0.9);
  });

  it('is as smooth: isotropic TV within 8 % of the reference’s for every element', () => {
    ELEMENTS.forEach((_, i) => {
      const ratio = totalVariation(ours.maps[i]!, W, W) / totalVariation(theirs[i]!, W, W);
      expect(ratio).toBeGreaterThan(0.92);
      expect(ratio).toBeLessThan(1.08);
    });
  });

  it('agrees as well with the raw maps’ low frequencies (9×9 box blur): NRMSE within 5 % of the reference’s', () => {
    ELEMENTS.forEach((_, i) => {
      const low = boxBlur(rawNorm[i]!, W, W, 4);
      const mine = nrmse(boxBlur(ours.maps[i]!, W, W, 4), low);
      const ref = nrmse(boxBlur(theirs[i]!, W, W, 4), low);
      expect(mine / ref).toBeLessThan(1.05);
    });
  });

  it('differs from the reference only at edges (isotropic vs its anisotropic TV): flat regions agree within 1.5 % of the map maximum', () => {
    ELEMENTS.forEach((_, i) => {
      const ref = theirs[i]!, mine = ours.maps[i]!;
      const hi = max(ref);
      const smooth = boxBlur(ref, W, W, 1);
      let flat = 0, nFlat = 0, all = 0;
      for (let y = 0; y < W - 1; y++) {
        for (let x = 0; x < W - 1; x++) {
          const k = y * W + x;
          const d2 = (mine[k]! - ref[k]!) ** 2;
          all += d2;
          if (Math.hypot(smooth[k + 1]! - smooth[k]!, smooth[k + W]! - smooth[k]!) < 0.01 * hi) { flat += d2; nFlat++; }
        }
      }
      expect(nFlat).toBeGreaterThan(N / 2);
      expect(Math.sqrt(flat / nFlat) / hi).toBeLessThan(0.015);
      expect(Math.sqrt(all / N) / hi).toBeLessThan(0.03);
    });
  });
});
