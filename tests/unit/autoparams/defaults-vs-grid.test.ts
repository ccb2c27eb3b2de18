// Issue 10: with the default settings (λ chosen from the data), every phantom's PSNR gain over the raw maps is within
// 1 dB of what an exhaustive λ search against the truth reaches — on inputs of a size and seeds the search was not
// tuned on (it was tuned on 80²–128², seeds 101/202/303; the README's table has 80²–256² held out). The grid: λ_TV
// 0.01·2^a, a = −6…0, and λ_chem 0.03·2^b on the three diagonals b = a − 1, a, a + 1 around the ridge of good λ (the
// best of the full 12 × 11 grid lay on them in every case measured); gain = mean over the elements.

import { afterAll, describe, expect, it } from 'vitest';
import { fuseWithDefaults } from '../../../src/compute/autoparams/default-fusion.js';
import { psnr } from '../../../src/compute/metrics/index.js';
import { CpuBackend } from '../../../src/compute/node/index.js';
import { PHANTOMS, simulateAcquisition, type AcquisitionOptions } from '../../../src/compute/simulate/index.js';
import { fuse } from '../../../src/compute/solve/fuse.js';
import type { FusionInputs } from '../../../src/compute/solve/inputs.js';
import { DEFAULT_PARAMS } from '../../../src/compute/solve/params.js';

const S = 72, SEED = 606;
const backend = new CpuBackend({ threads: 2 });
afterAll(() => backend.dispose());

async function gapToGrid(name: keyof typeof PHANTOMS, acqOptions: AcquisitionOptions): Promise<{ gap: number; gain: number; best: number; elements: number[] }> {
  const ph = PHANTOMS[name]({ width: S, height: S, seed: SEED });
  const acq = simulateAcquisition(ph, { haadfSnr: 20, seed: SEED + 1, ...acqOptions });
  const n = S * S;
  const maps = ph.elements.map((_, i) => acq.maps.slice(i * n, (i + 1) * n));
  const truth = ph.elements.map((_, i) => acq.truthMaps.slice(i * n, (i + 1) * n));
  const inputs: FusionInputs = { width: S, height: S, elements: ph.elements, haadf: acq.haadf, maps };
  const gains = (fused: Float32Array[]) => fused.map((x, i) => psnr(x, truth[i]!) - psnr(maps[i]!, truth[i]!));
  const gain = (fused: Float32Array[]) => gains(fused).reduce((s, v) => s + v, 0) / fused.length;
  let best = -Infinity;
  for (let a = -6; a <= 0; a++) for (let b = a - 1; b <= a + 1; b++) {
    const r = await fuse(inputs, { ...DEFAULT_PARAMS, lambdaTV: 0.01 * 2 ** a, lambdaChem: 0.03 * 2 ** b, chooseLambda: 'none' }, { backend });
    best = Math.max(best, gain(r.maps));
  }
  const d = await fuseWithDefaults(inputs, DEFAULT_PARAMS, { backend });
  const g = gain(d.result.maps);
  const elements = gains(d.result.maps);
  console.log(`${name} ${JSON.stringify(acqOptions)}: default +${g.toFixed(2)} dB (${elements.map((v) => v.toFixed(1)).join(' / ')}), best of the grid +${best.toFixed(2)} dB, gap ${(best - g).toFixed(2)} dB, λ ${d.result.params.lambdaTV} / ${d.result.params.lambdaChem}`);
  return { gap: best - g, gain: g, best, elements };
}

describe('the default λ against an exhaustive search against the truth (72², seed 606: held out)', { timeout: 600_000 }, () => {
  it('background-subtracted EELS maps (negatives, arbitrary units; Gaussian data fission): within 1 dB', async () => {
    const r = await gapToGrid('ga2o3-films', { chemSnr: 3, mapBackground: 30, mapUnits: 0.01 });
    expect(r.gain).toBeGreaterThan(10);
    expect(r.gap).toBeLessThan(1);
  });

  it('Lu₂O₃ (a heavy element beside an almost invisible light one; Poisson thinning): within 1 dB', async () => {
    const r = await gapToGrid('lu2o3', { chemSnr: 3 });
    expect(r.gain).toBeGreaterThan(4);
    expect(r.gap).toBeLessThan(1);
  });

  it('two-phase film at chemical SNR 2.5 (thinning): within 1 dB', async () => {
    const r = await gapToGrid('two-phase-film', { chemSnr: 2.5 });
    expect(r.gain).toBeGreaterThan(10);
    expect(r.gap).toBeLessThan(1);
  });

  it('core–shell at high dose (chemical SNR 12): within 1 dB, and no element worse than raw', async () => {
    const r = await gapToGrid('core-shell', { chemSnr: 12 });
    expect(r.gap).toBeLessThan(1);
    r.elements.forEach((g) => expect(g).toBeGreaterThan(0));
  });

  it('core–shell, background-subtracted EELS (three elements, fission): within 1 dB', async () => {
    const r = await gapToGrid('core-shell', { chemSnr: 3, mapBackground: 40, mapUnits: 0.02 });
    expect(r.gain).toBeGreaterThan(8);
    expect(r.gap).toBeLessThan(1);
  });

  it('Ga₂O₃ films at chemical SNR 2.5: within 1 dB', async () => {
    const r = await gapToGrid('ga2o3-films', { chemSnr: 2.5 });
    expect(r.gain).toBeGreaterThan(10);
    expect(r.gap).toBeLessThan(1);
  });
});
