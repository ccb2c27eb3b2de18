import { describe, expect, it } from 'vitest';
import { DATA } from '../../sample-data.js';
import { CpuBackend } from '../../../src/compute/node/index.js';
import { gammaScan } from '../../../src/compute/sensitivity/index.js';
import { ga2o3Films, GA2O3_GA_FRACTION, simulateAcquisition } from '../../../src/compute/simulate/index.js';
import { DEFAULT_PARAMS } from '../../../src/compute/solve/params.js';

describe('γ sensitivity', () => {
  it('on the Ga₂O₃ films (simulated at γ 1.7): the Ga fraction is right at the true γ and moves less than 5 pp over γ 1.4–2.0 (counts mode)', async () => {
    const S = 64, N = S * S;
    const phantom = ga2o3Films({ width: S, height: S });
    const acq = simulateAcquisition(phantom, { chemSnr: 4, haadfSnr: 20, seed: 3, gamma: 1.7 });
    const inputs = { width: S, height: S, elements: phantom.elements, haadf: acq.haadf, maps: [acq.maps.slice(0, N), acq.maps.slice(N)] };
    const backend = new CpuBackend({ threads: 2 });
    try {
      const scan = await gammaScan(inputs, { ...DEFAULT_PARAMS, iterations: 40 }, [1.4, 1.7, 2.0], { backend, mask: phantom.regions![1]!.mask });
      expect(scan.points.map((p) => p.gamma)).toEqual([1.4, 1.7, 2.0]);
      const ga = scan.points.map((p) => p.composition['Ga']!.mean);
      console.log(`Ga fraction at γ 1.4 / 1.7 / 2.0: ${ga.map((v) => (100 * v).toFixed(2)).join(' / ')} %; spread ${(100 * scan.spread['Ga']!).toFixed(2)} pp`);
      expect(Math.abs(ga[1]! - GA2O3_GA_FRACTION)).toBeLessThan(0.02);
      for (const p of scan.points) expect(p.composition['Ga']!.mean + p.composition['O']!.mean).toBeCloseTo(1, 6);
      expect(scan.spread['Ga']).toBeCloseTo(Math.max(...ga) - Math.min(...ga), 12);
      expect(scan.spread['Ga']).toBeLessThan(0.05);
    } finally {
      await backend.dispose();
    }
  }, 60_000);
});

describe('fusem gamma-scan', () => {
  it('prints the composition per γ for a file, and refuses a γ outside (1, 3]', async () => {
    const { runCli } = await import('../cli/cli-helpers.js');
    const path = await import('node:path');
    const data = path.join(DATA, 'Co3O4_Mn3O4.h5');
    const run = await runCli(['gamma-scan', '--input', data, '--preset', 'reference', '--iters', '5', '--gammas', '1.4:2:0.3', '--json']);
    expect(run.err).toEqual([]);
    const scan = JSON.parse(run.out[0]!);
    expect(scan.points.map((p: { gamma: number }) => p.gamma)).toEqual([1.4, 1.7, 2]);
    expect(Object.keys(scan.spread)).toEqual(['Co', 'Mn', 'O']);
    const bad = await runCli(['gamma-scan', '--input', data, '--gammas', '0.5,1.7']);
    expect(bad.code).toBe(2);
    expect(bad.err[0]).toMatch(/--gammas must list/);
  }, 60_000);
});
