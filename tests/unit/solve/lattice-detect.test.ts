// Lattice detection (solve/lattice-detect.ts): Bragg peaks in the HAADF's power spectrum → a coarse-to-fine start.

import { describe, expect, it } from 'vitest';
import { detectLattice } from '../../../src/compute/solve/lattice-detect.js';
import { fuse } from '../../../src/compute/solve/fuse.js';
import { DEFAULT_PARAMS } from '../../../src/compute/solve/params.js';
import { PHANTOMS, simulateAcquisition, type PhantomName } from '../../../src/compute/simulate/index.js';
import { powerSpectrum2d } from '../../../src/compute/util/fft.js';
import { CpuBackend } from '../../../src/compute/node/index.js';

function haadfOf(name: PhantomName, size: number, seed: number, haadfSnr: number) {
  const ph = PHANTOMS[name]({ width: size, height: size, seed });
  return { ph, acq: simulateAcquisition(ph, { chemSnr: 2, haadfSnr, seed: seed + 1 }) };
}

describe('detectLattice', () => {
  it('finds the lattice phantom at several sizes, seeds and HAADF doses', () => {
    for (const [size, seed, snr] of [[64, 3, 5], [130, 8, 10], [200, 12, 40]] as const) {
      const { acq } = haadfOf('lattice', size, seed, snr);
      const v = detectLattice(acq.haadf, size, size);
      expect(v.lattice, `${size}² seed ${seed}`).toBe(true);
      expect(v.period).toBeGreaterThan(2);
    }
  });

  it('does not see a lattice in particles, films or grains (straight film edges are streaks, not spots)', () => {
    for (const name of ['core-shell', 'ga2o3-films', 'lu2o3'] as const) {
      for (const [size, seed, snr] of [[64, 4, 5], [150, 9, 20], [256, 2, 100]] as const) {
        const { acq } = haadfOf(name, size, seed, snr);
        expect(detectLattice(acq.haadf, size, size).lattice, `${name} ${size}² SNR ${snr}`).toBe(false);
      }
    }
  });

  it('says no below 64 px (too few periods to tell)', () => {
    const { acq } = haadfOf('lattice', 48, 3, 20);
    expect(detectLattice(acq.haadf, 48, 48).lattice).toBe(false);
  });

  it('the power spectrum of a cosine has its two spots at ±k (FFT check)', () => {
    const side = 16, img = new Float64Array(side * side);
    for (let y = 0; y < side; y++) for (let x = 0; x < side; x++) img[y * side + x] = Math.cos((2 * Math.PI * 3 * x) / side);
    const p = powerSpectrum2d(img, side);
    const total = p.reduce((s, v) => s + v, 0);
    expect(p[3]! / total).toBeCloseTo(0.5, 6);
    expect(p[side - 3]! / total).toBeCloseTo(0.5, 6);
  });
});

describe('the default start', { timeout: 120_000 }, () => {
  it('is coarse-to-fine on lattice data, with a note, and from the data otherwise', async () => {
    const backend = new CpuBackend({ threads: 1 });
    for (const [name, expected] of [['lattice', 'coarse-to-fine'], ['core-shell', 'data']] as const) {
      const { ph, acq } = haadfOf(name, 64, 5, 20);
      const n = 64 * 64;
      const r = await fuse({ width: 64, height: 64, elements: ph.elements, haadf: acq.haadf, maps: ph.elements.map((_, i) => acq.maps.slice(i * n, (i + 1) * n)) }, { ...DEFAULT_PARAMS, iterations: 6 }, { backend });
      expect(r.start).toBe(expected);
      expect(r.notes.some((note) => /crystal lattice/.test(note))).toBe(expected === 'coarse-to-fine');
    }
    await backend.dispose();
  });
});
