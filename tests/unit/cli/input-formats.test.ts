import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closeHdf5Worker } from '../../../src/compute/io/index.js';
import { runCli, tempDir } from './cli-helpers.js';

import { DATA, hasSample } from '../../sample-data.js';

afterAll(() => closeHdf5Worker());

describe('fusem fuse --input FILE (one file holding the HAADF and the maps)', () => {
  it.skipIf(!hasSample('io/velox_v11_SI_16x16.emd'))('a Velox .emd: picks the HAADF and the EDX maps itself and says which it used', async () => {
    const out = path.join(await tempDir(), 'velox');
    const run = await runCli(['fuse', '--input', path.join(DATA, 'io/velox_v11_SI_16x16.emd'), '--out', out, '--iters', '5', '--json']);
    expect(run.err).toEqual([]);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.out[0]!);
    expect(report.elements).toEqual(['C', 'Ca', 'O', 'Cu']);
    expect(report.shape).toEqual([16, 16]);
    expect(report.pixelSize).toEqual([3.5992492559614689e-9, 3.5992492559614689e-9]);
    expect(report.notes.join('\n')).toMatch(/HAADF/);
    expect((await readdir(out)).filter((f) => f.endsWith('.npy')).sort()).toEqual(['fused_C.npy', 'fused_Ca.npy', 'fused_Cu.npy', 'fused_O.npy']);
  });

  it('the real Co3O4–Mn3O4 HDF5 with the authors’ preset', async () => {
    const out = path.join(await tempDir(), 'co3o4');
    const run = await runCli(['fuse', '--input', path.join(DATA, 'Co3O4_Mn3O4.h5'), '--out', out, '--preset', 'reference', '--iters', '3', '--json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.out[0]!);
    expect(report.elements).toEqual(['Co', 'Mn', 'O']);
    expect(report.params).toMatchObject({ gamma: 1.6, lambdaChem: 0.006, lambdaTV: 0.022, normalise: 'reference', weighting: 'tutorial' });
    expect(report.normalisation.mode).toBe('reference');
  });

  it.skipIf(!hasSample('io/velox_v11_empty_selection.emd'))('an .emd without element maps is refused with exit 2, naming the file', async () => {
    const out = path.join(await tempDir(), 'empty');
    const run = await runCli(['fuse', '--input', path.join(DATA, 'io/velox_v11_empty_selection.emd'), '--out', out]);
    expect(run.code).toBe(2);
    expect(run.err).toHaveLength(1);
    expect(run.err[0]).toMatch(/velox_v11_empty_selection\.emd: .*no element maps/);
  });

  it('--input with --map is a usage error', async () => {
    const run = await runCli(['fuse', '--input', 'a.emd', '--map', 'Co=b.tif', '--out', 'x']);
    expect(run.code).toBe(2);
    expect(run.err).toEqual(['fusem fuse: give either --input FILE, or --haadf FILE with --map EL=FILE, not both']);
  });
});

describe('fusem info and fusem demo', () => {
  it.skipIf(!hasSample('io/velox_v11_SI_16x16.emd'))('info --json lists images with signal, element and calibration', async () => {
    const run = await runCli(['info', path.join(DATA, 'io/velox_v11_SI_16x16.emd'), '--json']);
    expect(run.code).toBe(0);
    const info = JSON.parse(run.out.join('\n'));
    expect(info.images.map((i: { signal: string; element: string | null }) => [i.signal, i.element])).toEqual([
      ['EDX', 'C'], ['EDX', 'Ca'], ['EDX', 'O'], ['EDX', 'Cu'], ['HAADF', null],
    ]);
  });

  it('demo fuses the built-in phantom: fused beats raw, compositions near the truth', async () => {
    const out = path.join(await tempDir(), 'demo');
    const run = await runCli(['demo', '--out', out, '--size', '96', '--json']);
    expect(run.code).toBe(0);
    const demo = JSON.parse(run.out[0]!);
    for (const s of demo.scores) expect(s.fusedPsnr).toBeGreaterThan(s.rawPsnr + 3);
    for (const r of demo.regions) for (const el of demo.elements) expect(Math.abs(r.fused[el] - r.truth[el])).toBeLessThan(0.05);
    const report = JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8'));
    expect(report.elements).toEqual(['Co', 'S', 'O']);
    expect((await readdir(out)).sort()).toContain('truth_Co.npy');
  });

  it('unknown commands and no command exit 2', async () => {
    expect((await runCli(['frobnicate'])).code).toBe(2);
    expect((await runCli([])).code).toBe(2);
    expect((await runCli(['--version'])).out).toEqual(['0.1.0']);
  });
});
