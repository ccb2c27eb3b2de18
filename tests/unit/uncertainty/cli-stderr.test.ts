// `fusem fuse --stderr`: writes stderr_<El>.npy (float32, input shape) and the average standard error per element.

import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readImage, writeNpy } from '../../../src/compute/io/index.js';
import { ga2o3Films, simulateAcquisition } from '../../../src/compute/simulate/index.js';
import { runCli, tempDir } from '../cli/cli-helpers.js';

const S = 40, N = S * S;
let dir: string;
let args: string[];

beforeAll(async () => {
  dir = await tempDir();
  const acq = simulateAcquisition(ga2o3Films({ width: S, height: S }), { chemSnr: 4, haadfSnr: 20, seed: 2 });
  const f = (name: string) => path.join(dir, name);
  await writeNpy(f('haadf.npy'), acq.haadf, [S, S]);
  await writeNpy(f('Ga.npy'), acq.maps.slice(0, N), [S, S]);
  await writeNpy(f('O.npy'), acq.maps.slice(N), [S, S]);
  args = ['fuse', '--haadf', f('haadf.npy'), '--map', `Ga=${f('Ga.npy')}`, '--map', `O=${f('O.npy')}`, '--iters', '10', '--backend', 'cpu', '--threads', '2'];
});

describe('fusem fuse --stderr', () => {
  it('writes stderr_<El>.npy and records the average standard error per element in report.json', async () => {
    const out = path.join(dir, 'with-stderr');
    const run = await runCli([...args, '--stderr', '--out', out, '--json']);
    expect(run.err).toEqual([]);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.out.join('\n'));
    expect((await readdir(out)).filter((f) => f.startsWith('stderr_')).sort()).toEqual(['stderr_Ga.npy', 'stderr_O.npy']);
    expect(report.files).toContain('stderr_Ga.npy');
    expect(report.stderr.method).toBe('solver');
    expect(report.stderr.units).toBe(report.units);
    for (const el of ['Ga', 'O']) {
      const se = await readImage(path.join(out, `stderr_${el}.npy`));
      expect(se.shape).toEqual([S, S]);
      expect(se.dtype).toBe('float32');
      expect(Array.from(se.data).every((v) => Number.isFinite(v) && v > 0)).toBe(true);
      const avg = report.stderr.averageStandardError[el];
      expect(avg).toBeGreaterThan(0);
      expect(report.stderr.averageCramerRao[el]).toBeGreaterThan(0);
      expect(report.stderr.averageCramerRao[el]).toBeLessThanOrEqual(avg * 1.0001); // the bound is below the λ-weighted estimate's
      // at chemical SNR 4 a map pixel holds ~16 counts: the standard error is a few counts, below the raw Poisson sd √16
      expect(avg).toBeLessThan(6);
    }
    expect(report.stderr.haadfNoise).toMatch(/HAADF/);
  });

  it('without --stderr no stderr files are written and the report has no stderr entry', async () => {
    const out = path.join(dir, 'without');
    const run = await runCli([...args, '--out', out, '--json']);
    expect(run.code).toBe(0);
    expect((await readdir(out)).some((f) => f.startsWith('stderr_'))).toBe(false);
    expect(JSON.parse(run.out.join('\n')).stderr).toBeUndefined();
  });
});
