// `fusem fuse` chooses λ_TV and λ_chem from the data by default: progress on stderr, the choice and its curve in
// report.json; a λ given on the command line is kept (and only the other searched); --preset reference fixes both.

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeNpy } from '../../../src/compute/io/index.js';
import { ga2o3Films, simulateAcquisition } from '../../../src/compute/simulate/index.js';
import { runCli, tempDir } from '../cli/cli-helpers.js';

const S = 40, N = S * S;
let dir: string, haadf: string, ga: string, o: string;

beforeAll(async () => {
  dir = await tempDir();
  const acq = simulateAcquisition(ga2o3Films({ width: S, height: S }), { chemSnr: 4, haadfSnr: 20, seed: 2 });
  haadf = path.join(dir, 'haadf.npy'); ga = path.join(dir, 'Ga.npy'); o = path.join(dir, 'O.npy');
  await writeNpy(haadf, acq.haadf, [S, S]);
  await writeNpy(ga, acq.maps.slice(0, N), [S, S]);
  await writeNpy(o, acq.maps.slice(N, 2 * N), [S, S]);
});

const fuseArgs = (out: string, ...extra: string[]) => ['fuse', '--haadf', haadf, '--map', `Ga=${ga}`, '--map', `O=${o}`, '--backend', 'cpu', '--threads', '1', '--out', out, ...extra];
const readReport = async (out: string) => JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8'));

describe('fusem fuse: λ from the data by default', { timeout: 300_000 }, () => {
  it('searches, prints each validation fusion and the stopping criterion, records the choice in report.json', async () => {
    const out = path.join(dir, 'default');
    const run = await runCli(fuseArgs(out));
    expect(run.code).toBe(0);
    expect(run.err[0]).toMatch(/^choosing λ_TV and λ_chem from the data/);
    const searchLines = run.err.filter((l) => l.startsWith('λ search '));
    const report = await readReport(out);
    expect(report.auto.method).toBe('thinning');
    expect(searchLines).toHaveLength(report.auto.curve.length);
    expect(report.auto.curve.length).toBeGreaterThanOrEqual(3); // the start and its neighbours on each axis at least
    expect(report.auto.chosen).toEqual({ lambdaTV: report.params.lambdaTV, lambdaChem: report.params.lambdaChem });
    expect(report.convergence).toMatchObject({ solver: 'fista', tolerance: 1e-5 });
    expect(report.convergence.converged).toBe(report.convergence.reached < 1e-5);
    expect(run.out.at(-1)).toMatch(/converged: residual .* < tolerance 0.00001\), λ_TV .*\(chosen from the data\)/);
  });

  it('a λ given is kept and only the other one is searched', async () => {
    const out = path.join(dir, 'tv-given');
    expect((await runCli(fuseArgs(out, '--lambda-tv', '0.02', '--quiet'))).code).toBe(0);
    const report = await readReport(out);
    expect(report.params.lambdaTV).toBe(0.02);
    expect(report.params.chooseLambda).toBe('chem');
    expect(report.auto.curve.every((c: { lambdaTV: number }) => c.lambdaTV === 0.02)).toBe(true);
  });

  it('both λ given, or --preset reference: no search, the values as given', async () => {
    for (const [name, extra, tv] of [['both', ['--lambda-tv', '0.02', '--lambda-chem', '0.1'], 0.02], ['reference', ['--preset', 'reference'], 0.022]] as const) {
      const out = path.join(dir, name);
      const run = await runCli(fuseArgs(out, ...extra, '--json'));
      expect(run.code).toBe(0);
      const report = JSON.parse(run.out.join('\n'));
      expect(report).not.toHaveProperty('auto');
      expect(report.params.lambdaTV).toBe(tv);
    }
  });

  it('--auto searches even under --preset reference', async () => {
    const out = path.join(dir, 'auto-reference');
    expect((await runCli(fuseArgs(out, '--preset', 'reference', '--auto', '--quiet'))).code).toBe(0);
    expect((await readReport(out)).auto.curve.length).toBeGreaterThan(1);
  });
});
