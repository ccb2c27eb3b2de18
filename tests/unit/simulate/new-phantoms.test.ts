// The issue-10 phantoms: background-subtracted EELS maps, Lu₂O₃ grains with an almost invisible light element,
// and a high-dose acquisition; and `fusem simulate` writing them.

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { simulateCommand } from '../../../src/cli/commands/simulate.js';
import { parseNpy } from '../../../src/compute/io/npy/read.js';
import { forwardModel } from '../../../src/compute/model/forward.js';
import { elementWeights } from '../../../src/compute/model/weighting.js';
import { LU2O3_DENSITY, PHANTOMS, simulateAcquisition } from '../../../src/compute/simulate/index.js';

const mean = (a: ArrayLike<number>, from = 0, to = a.length) => { let s = 0; for (let k = from; k < to; k++) s += a[k]!; return s / (to - from); };

describe('background-subtracted EELS maps', () => {
  const phantom = PHANTOMS['core-shell']({ width: 80, height: 80, seed: 61 });
  const n = 80 * 80;
  const acq = simulateAcquisition(phantom, { seed: 62, chemSnr: 3, mapBackground: 50, mapUnits: 0.004 });

  it('are in arbitrary units, have negatives, and are unbiased estimates of the signal', () => {
    const negatives = acq.maps.filter((v) => v < 0).length;
    expect(negatives / acq.maps.length).toBeGreaterThan(0.1);
    expect(acq.settings.mapUnits).toBe(0.004);
    phantom.elements.forEach((_, i) => {
      const bias = mean(acq.maps, i * n, (i + 1) * n) - mean(acq.truthMaps, i * n, (i + 1) * n);
      // the standard error of the mean of n pixels of variance (50·1.25 + signal)·u²
      expect(Math.abs(bias)).toBeLessThan(4 * Math.sqrt(70 / n) * 0.004);
    });
  });

  it('are seeded: the same seed gives the same maps, another seed others', () => {
    expect(simulateAcquisition(phantom, { seed: 62, chemSnr: 3, mapBackground: 50, mapUnits: 0.004 }).maps).toEqual(acq.maps);
    expect(simulateAcquisition(phantom, { seed: 63, chemSnr: 3, mapBackground: 50, mapUnits: 0.004 }).maps).not.toEqual(acq.maps);
  });
});

describe('Lu₂O₃ grains on an O support', () => {
  const ph = PHANTOMS.lu2o3({ width: 120, height: 100, seed: 64 });
  const n = 120 * 100;

  it('has grains of Lu:O = 2:3 (less where the support lies under them) and an O-only support', () => {
    const grain = ph.regions!.find((r) => r.name === 'grain')!, support = ph.regions!.find((r) => r.name === 'support')!;
    const lu = LU2O3_DENSITY.lu / (LU2O3_DENSITY.lu + LU2O3_DENSITY.o);
    expect(grain.composition.Lu).toBeLessThanOrEqual(lu + 1e-6);
    expect(grain.composition.Lu).toBeGreaterThan(lu - 0.03);
    expect(support.composition.O).toBe(1);
  });

  it('O is almost invisible in the HAADF: about 5 % of the forward model in the grains ((8/71)^1.7 per atom)', () => {
    const w = elementWeights(ph.elements, 'paper', 1.7);
    const all = forwardModel(ph.truth, w, 1.7, n);
    const onlyO = forwardModel(Float32Array.from(ph.truth, (v, k) => (k < n ? 0 : v)), w, 1.7, n);
    const mask = ph.regions!.find((r) => r.name === 'grain')!.mask;
    let a = 0, o = 0;
    for (let p = 0; p < n; p++) if (mask[p]) { a += all[p]!; o += onlyO[p]!; }
    expect(o / a).toBeLessThan(0.06);
    expect(o / a).toBeGreaterThan(0);
  });
});

describe('high dose', () => {
  it('chemical SNR ≥ 10 is a dose setting of every phantom', () => {
    for (const name of ['core-shell', 'ga2o3-films', 'lu2o3'] as const) {
      const acq = simulateAcquisition(PHANTOMS[name]({ width: 64, height: 64, seed: 65 }), { seed: 66, chemSnr: 12 });
      expect(acq.settings.chemSnr).toBeGreaterThanOrEqual(10);
    }
  });
});

describe('fusem simulate writes them', () => {
  it('--eels-background and --map-units: maps with negatives; lu2o3 by name; --haadf-ramp adds a ramp', async () => {
    const root = await mkdtemp(join(tmpdir(), 'fusem-sim10-'));
    try {
      const out: string[] = [], err: string[] = [];
      const io = { out: (l: string) => out.push(l), err: (l: string) => err.push(l) };
      expect(await simulateCommand(['core-shell', '--out', join(root, 'eels'), '--size', '48', '--snr', '3', '--eels-background', '40', '--map-units', '0.01', '--json'], io)).toBe(0);
      const meta = JSON.parse(out.join('\n'));
      expect(meta.eelsBackground).toBe(40);
      expect(meta.model).toMatch(/background-subtracted EELS/);
      const map = parseNpy(new Uint8Array(await readFile(join(root, 'eels', 'map_Co.npy'))), 'map_Co.npy').values as Float32Array;
      expect(Array.from(map).some((v) => v < 0)).toBe(true);
      expect(await simulateCommand(['lu2o3', '--out', join(root, 'lu'), '--size', '48'], io)).toBe(0);
      for (const [dir, ramp] of [['flat', '0'], ['ramp', '500']]) {
        expect(await simulateCommand(['ga2o3-films', '--out', join(root, dir!), '--size', '48', '--haadf-ramp', ramp!, '--haadf-dose', '1000'], io)).toBe(0);
      }
      const clean = async (dir: string) => parseNpy(new Uint8Array(await readFile(join(root, dir, 'haadf_clean.npy'))), 'h').values as Float32Array;
      const [flat, ramp] = [await clean('flat'), await clean('ramp')];
      expect(ramp[0]! - flat[0]!).toBeCloseTo(0, 3); // left edge
      expect(ramp[47]! - flat[47]!).toBeCloseTo(500, 2); // right edge: the full ramp
      expect(await simulateCommand(['core-shell', '--out', join(root, 'bad'), '--eels-background', '-1'], io)).toBe(2);
      expect(err.at(-1)).toMatch(/--eels-background must be a number ≥ 0/);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
