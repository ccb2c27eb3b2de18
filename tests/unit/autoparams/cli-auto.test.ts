// `fusem fuse --auto`: λ chosen by cross-validation, the curve shown on stderr and recorded in report.json.

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeNpy } from '../../../src/compute/io/index.js';
import { ga2o3Films, simulateAcquisition } from '../../../src/compute/simulate/index.js';
import { runCli, tempDir } from '../cli/cli-helpers.js';

const S = 32, N = S * S;
let dir: string, haadf: string, ga: string, o: string;

beforeAll(async () => {
  dir = await tempDir();
  const acq = simulateAcquisition(ga2o3Films({ width: S, height: S }), { chemSnr: 4, haadfSnr: 20, seed: 2 });
  haadf = path.join(dir, 'haadf.npy'); ga = path.join(dir, 'Ga.npy'); o = path.join(dir, 'O.npy');
  await writeNpy(haadf, acq.haadf, [S, S]);
  await writeNpy(ga, acq.maps.slice(0, N), [S, S]);
  await writeNpy(o, acq.maps.slice(N, 2 * N), [S, S]);
});

describe('fusem fuse --auto', () => {
  it('chooses λ from the grid, prints the validation curve, and records curve and choice in report.json', async () => {
    const out = path.join(dir, 'auto');
    const run = await runCli(['fuse', '--haadf', haadf, '--map', `Ga=${ga}`, '--map', `O=${o}`, '--iters', '10', '--backend', 'cpu', '--threads', '1', '--auto', '--out', out]);
    expect(run.code).toBe(0);
    expect(run.err.some((l) => l.startsWith('validation curve (thinning'))).toBe(true);
    expect(run.err.some((l) => l.startsWith('chosen: λ_TV'))).toBe(true);
    const report = JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8'));
    expect(report.auto.method).toBe('thinning');
    expect(report.auto.curve).toHaveLength(20);
    expect(report.auto.curve[0]).toEqual(expect.objectContaining({ lambdaTV: 0.002, lambdaChem: 0.01, score: expect.any(Number), poissonNll: expect.any(Number) }));
    const best = report.auto.curve.reduce((a: { score: number }, b: { score: number }) => (b.score < a.score ? b : a));
    expect(report.auto.chosen).toEqual({ lambdaTV: best.lambdaTV, lambdaChem: best.lambdaChem });
    expect(report.params.lambdaTV).toBe(best.lambdaTV);
    expect(report.params.lambdaChem).toBe(best.lambdaChem);
  });

  it('without --auto the report has no auto field', async () => {
    const out = path.join(dir, 'plain');
    const run = await runCli(['fuse', '--haadf', haadf, '--map', `Ga=${ga}`, '--map', `O=${o}`, '--iters', '4', '--backend', 'cpu', '--out', out, '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.out.join('\n'))).not.toHaveProperty('auto');
  });
});
