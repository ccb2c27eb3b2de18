// `fusem quantify --result DIR [--roi …] [--json]`: compositions per region with ± standard error and the histogram
// fit, on a hand-made result folder whose composition is known exactly, and on a real fusion's result.

import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeNpy } from '../../../src/compute/io/index.js';
import { ga2o3Films, simulateAcquisition } from '../../../src/compute/simulate/index.js';
import { runCli, tempDir } from './cli-helpers.js';

const W = 20, H = 10, N = W * H;
const SIGMA = 0.1;
let known: string;

/** Ga 3, O 1 in the left half (75 % Ga), Ga 1, O 1 in the right half (50 %); standard error 0.1 everywhere. */
async function knownResult(dir: string, extra: Record<string, unknown> = {}): Promise<void> {
  const ga = Float32Array.from({ length: N }, (_, k) => (k % W < W / 2 ? 3 : 1));
  const o = new Float32Array(N).fill(1);
  await writeNpy(path.join(dir, 'fused_Ga.npy'), ga, [H, W]);
  await writeNpy(path.join(dir, 'fused_O.npy'), o, [H, W]);
  await writeNpy(path.join(dir, 'stderr_Ga.npy'), new Float32Array(N).fill(SIGMA), [H, W]);
  await writeNpy(path.join(dir, 'stderr_O.npy'), new Float32Array(N).fill(SIGMA), [H, W]);
  const report = { fusem: '0', command: 'fuse', elements: ['Ga', 'O'], shape: [H, W], units: 'input map units (counts)', stderr: { method: 'solver', units: 'counts', averageStandardError: { Ga: SIGMA, O: SIGMA } }, ...extra };
  await writeFile(path.join(dir, 'report.json'), JSON.stringify(report));
}

beforeAll(async () => {
  known = await tempDir('fusem-quantify-');
  await knownResult(known);
});

interface Out { composition: string; stderr: string | null; regions: { name: string; pixels: number; used: number; elements: { element: string; percent: number; stderr: number | null; spread: number; regionSum: number; fit: { gaussians: number; components: { percent: number }[] } | null }[] }[] }

async function quantify(...args: string[]): Promise<Out> {
  const run = await runCli(['quantify', '--result', known, ...args, '--json']);
  expect(run.err).toEqual([]);
  expect(run.code).toBe(0);
  return JSON.parse(run.out.join('\n')) as Out;
}

describe('fusem quantify', () => {
  it('gives each region its composition in percent, ± the standard error propagated from stderr_<El>.npy', async () => {
    const out = await quantify('--roi', 'left=rect:0,0,10,10', '--roi', 'rect:10,0,10,10', '--roi', 'all');
    expect(out.regions.map((r) => [r.name, r.pixels, r.used])).toEqual([['left', 100, 100], ['roi2', 100, 100], ['all', 200, 200]]);
    const [left, right, all] = out.regions;
    expect(left!.elements.map((e) => e.element)).toEqual(['Ga', 'O']);
    expect(left!.elements[0]!.percent).toBeCloseTo(75, 10);
    expect(left!.elements[1]!.percent).toBeCloseTo(25, 10);
    expect(right!.elements[0]!.percent).toBeCloseTo(50, 10);
    expect(all!.elements[0]!.percent).toBeCloseTo(62.5, 10); // mean of the per-pixel ratios
    expect(all!.elements[0]!.regionSum).toBeCloseTo(100 * 400 / 600, 10); // Σ Ga / Σ (Ga + O)
    expect(left!.elements[0]!.spread).toBeCloseTo(0, 10);
    // delta method, c = ¾, T = 4, σ = 0.1 for both: SE² = (1/n) [(1 − c)² σ² + c² σ²] / T²
    const se = 100 * Math.sqrt((((1 - 0.75) ** 2 + 0.75 ** 2) * SIGMA ** 2) / 16 / 100);
    expect(left!.elements[0]!.stderr).toBeCloseTo(se, 8);
    expect(out.stderr).toBe('solver');
  });

  it('fits the histogram: one Gaussian at a uniform region’s composition, two where the region holds two phases', async () => {
    const out = await quantify('--roi', 'rect:0,0,10,10', '--roi', 'all');
    const uniform = out.regions[0]!.elements[0]!.fit!;
    expect(uniform.gaussians).toBe(1);
    expect(uniform.components[0]!.percent).toBeCloseTo(75, 6);
    const mixed = out.regions[1]!.elements[0]!.fit!;
    expect(mixed.gaussians).toBe(2);
    expect(mixed.components.map((c) => c.percent)).toEqual([expect.closeTo(50, 3), expect.closeTo(75, 3)]);
  });

  it('labels compositions as a map-intensity ratio unless the result carries k-factors', async () => {
    expect((await quantify()).composition).toBe('map-intensity ratio (not calibrated)');
    const calibrated = await tempDir('fusem-quantify-k-');
    await knownResult(calibrated, { stoichiometry: { basis: 'given', unit: 'atomic % (k-factors given)' } });
    const run = await runCli(['quantify', '--result', calibrated, '--json']);
    expect(JSON.parse(run.out.join('\n')).composition).toBe('atomic % (k-factors given)');
    const uncalibrated = await tempDir('fusem-quantify-u-');
    await knownResult(uncalibrated, { stoichiometry: { basis: 'uncalibrated', unit: 'map-intensity ratio (not calibrated)' } });
    expect(JSON.parse((await runCli(['quantify', '--result', uncalibrated, '--json'])).out.join('\n')).composition).toBe('map-intensity ratio (not calibrated)');
    const text = await runCli(['quantify', '--result', known, '--roi', 'rect:0,0,10,10']);
    expect(text.code).toBe(0);
    expect(text.out[0]).toContain('map-intensity ratio (not calibrated)');
    expect(text.out.join('\n')).toMatch(/Ga\s+75\.00 % ± \d\.\d\d/);
  });

  it('quantifies a real fusion result, with percentages that add up to 100 in every region', async () => {
    const dir = await tempDir('fusem-quantify-fuse-');
    const S = 40;
    const acq = simulateAcquisition(ga2o3Films({ width: S, height: S }), { chemSnr: 4, haadfSnr: 20, seed: 4 });
    await writeNpy(path.join(dir, 'h.npy'), acq.haadf, [S, S]);
    await writeNpy(path.join(dir, 'Ga.npy'), acq.maps.slice(0, S * S), [S, S]);
    await writeNpy(path.join(dir, 'O.npy'), acq.maps.slice(S * S), [S, S]);
    const out = path.join(dir, 'result');
    const fused = await runCli(['fuse', '--haadf', path.join(dir, 'h.npy'), '--map', `Ga=${path.join(dir, 'Ga.npy')}`, '--map', `O=${path.join(dir, 'O.npy')}`, '--iters', '10', '--stderr', '--out', out, '--quiet']);
    expect(fused.code).toBe(0);
    const run = await runCli(['quantify', '--result', out, '--roi', 'top=rect:0,0,40,20', '--roi', 'ellipse:20,20,10,6,30', '--json']);
    expect(run.code).toBe(0);
    const q = JSON.parse(run.out.join('\n')) as Out;
    for (const r of q.regions) {
      expect(r.elements.reduce((s, e) => s + e.percent, 0)).toBeCloseTo(100, 6);
      for (const e of r.elements) expect(e.stderr).toBeGreaterThan(0);
    }
  });

  it('a result fused with --normalise reference: the text shows only the summed maps\' shares, and says why', async () => {
    const dir = await tempDir('fusem-quantify-ref-');
    const S = 40;
    const acq = simulateAcquisition(ga2o3Films({ width: S, height: S }), { chemSnr: 4, haadfSnr: 20, seed: 5 });
    await writeNpy(path.join(dir, 'h.npy'), acq.haadf, [S, S]);
    await writeNpy(path.join(dir, 'Ga.npy'), acq.maps.slice(0, S * S), [S, S]);
    await writeNpy(path.join(dir, 'O.npy'), acq.maps.slice(S * S), [S, S]);
    const fuse = (out: string, preset: string) => runCli(['fuse', '--haadf', path.join(dir, 'h.npy'), '--map', `Ga=${path.join(dir, 'Ga.npy')}`, '--map', `O=${path.join(dir, 'O.npy')}`, '--preset', preset, '--iters', '6', '--out', path.join(dir, out), '--quiet']);
    expect((await fuse('ref', 'reference')).code).toBe(0);
    const text = await runCli(['quantify', '--result', path.join(dir, 'ref'), '--roi', 'all']);
    expect(text.code).toBe(0);
    expect(text.out[0]).toContain('fused maps: none: --normalise reference scales each map to [0, 1] on its own');
    const rows = text.out.slice(2);
    expect(rows.map((l) => /^\s+(Ga|O)\s+summed maps (\d+\.\d\d) ± \d+\.\d\d %$/.exec(l)?.[1])).toEqual(['Ga', 'O']);
    const shares = rows.map((l) => Number(/summed maps (\d+\.\d\d)/.exec(l)![1]));
    expect(shares[0]! + shares[1]!).toBeCloseTo(100, 1);
    const json = JSON.parse((await runCli(['quantify', '--result', path.join(dir, 'ref'), '--json'])).out.join('\n')) as { percentNotComposition?: string; regions: { elements: { summed: number }[] }[] };
    expect(json.percentNotComposition).toMatch(/^percent, stderr, spread, regionSum and fit are of the fused maps: none: --normalise reference scales each map/);
    expect(json.regions[0]!.elements[0]!.summed + json.regions[0]!.elements[1]!.summed).toBeCloseTo(100, 6);
    // the default normalisation on the same maps: the fused maps' shares, as before
    expect((await fuse('counts', 'default')).code).toBe(0);
    const counts = await runCli(['quantify', '--result', path.join(dir, 'counts'), '--roi', 'all']);
    expect(counts.out[0]).not.toContain('none: --normalise reference');
    expect(counts.out.slice(2).join('\n')).toMatch(/Ga\s+\d+\.\d\d % .*summed maps/);
    expect(JSON.parse((await runCli(['quantify', '--result', path.join(dir, 'counts'), '--json'])).out.join('\n')).percentNotComposition).toBeUndefined();
  });

  it('refuses bad input with exit 2 and one line naming the problem', async () => {
    const cases: [string[], RegExp][] = [
      [['quantify'], /^fusem quantify: --result DIR is required/],
      [['quantify', '--result', path.dirname(known)], /report\.json: not found: .* is not a fusem result folder/],
      [['quantify', '--result', known, '--roi', 'circle:1,2'], /--roi circle:1,2: unknown region; give all, rect:X,Y,W,H/],
      [['quantify', '--result', known, '--roi', 'rect:1,2,3'], /--roi rect:1,2,3: write it as rect:X,Y,W,H/],
      [['quantify', '--result', known, '--roi', 'rect:a,2,3,4'], /--roi rect:a,2,3,4: rect takes numbers/],
      [['quantify', '--result', known, '--roi', 'rect:100,100,5,5'], /--roi rect:100,100,5,5: .*no pixel.* \(the result is 20×10 pixels\)/],
      [['quantify', '--result', known, '--frob'], /unknown option --frob/],
    ];
    for (const [argv, message] of cases) {
      const run = await runCli(argv);
      expect(run.code, argv.join(' ')).toBe(2);
      expect(run.err).toHaveLength(1);
      expect(run.err[0]).toMatch(message);
      expect(run.err[0]).not.toMatch(/internal error|\n/);
    }
  });
});
