// Every remedy an error message of `fusem fuse` suggests works (issue 10): run the failing command, read the remedy
// from the message, run the command with it.

import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeNpy } from '../../../src/compute/io/index.js';
import { PHANTOMS, simulateAcquisition } from '../../../src/compute/simulate/index.js';
import { runCli, tempDir } from './cli-helpers.js';

const SIZE = 40;
let dir = '';
let files: string[] = [];

beforeAll(async () => {
  dir = await tempDir('fusem-remedy-');
  const phantom = PHANTOMS['core-shell']({ width: SIZE, height: SIZE, seed: 301 });
  const acq = simulateAcquisition(phantom, { seed: 302, chemSnr: 3, mapBackground: 30, mapUnits: 0.01 }); // background-subtracted EELS
  const n = SIZE * SIZE;
  await writeNpy(path.join(dir, 'haadf.npy'), acq.haadf, [SIZE, SIZE]);
  files = ['--haadf', path.join(dir, 'haadf.npy')];
  for (const [i, el] of phantom.elements.entries()) {
    const file = path.join(dir, `${el}.npy`);
    await writeNpy(file, acq.maps.slice(i * n, (i + 1) * n), [SIZE, SIZE]);
    files.push('--map', `${el}=${file}`);
  }
});
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

const out = (name: string) => ['--out', path.join(dir, name), '--iters', '5'];

describe('fusem fuse: remedies in error messages work', () => {
  it('background-subtracted maps with --data-term poisson: exit 2 naming the file; both remedies (lsq, auto) fuse them', async () => {
    const refused = await runCli(['fuse', ...files, ...out('refused'), '--data-term', 'poisson']);
    expect(refused.code).toBe(2);
    expect(refused.err).toHaveLength(1);
    expect(refused.err[0]).toMatch(/Co\.npy: map has \d+ negative values/);
    expect(refused.err[0]).toContain('use --data-term lsq (or leave --data-term at auto)');
    expect(refused.err[0]).not.toContain('--normalise reference');
    const lsq = await runCli(['fuse', ...files, ...out('lsq'), '--data-term', 'lsq', '--json']);
    expect(lsq.err).toEqual([]);
    expect(lsq.code).toBe(0);
    expect(JSON.parse(lsq.out.join('\n')).dataTerm.name).toBe('lsq');
    const auto = await runCli(['fuse', ...files, ...out('auto'), '--json']); // no --data-term: auto
    expect(auto.code).toBe(0);
    const report = JSON.parse(auto.out.join('\n'));
    expect(report.dataTerm.name).toBe('lsq');
    expect(report.dataTerm.reason).toMatch(/negative values/);
  });

  it('the message the issue reported ("--normalise reference") is no longer offered, and negatives fuse under it too', async () => {
    const r = await runCli(['fuse', ...files, ...out('reference'), '--normalise', 'reference']);
    expect(r.code).toBe(0);
  });

  it('no GPU here: --backend gpu exits 2 with one line (no stack trace); its remedy --backend cpu fuses', async () => {
    const gpu = await runCli(['fuse', ...files, ...out('gpu'), '--backend', 'gpu']);
    if (gpu.code === 0) return; // a machine with a GPU mode: nothing to remedy
    expect(gpu.code).toBe(2);
    expect(gpu.err).toHaveLength(1);
    expect(gpu.err[0]).toContain('use --backend cpu');
    const cpu = await runCli(['fuse', ...files, ...out('cpu'), '--backend', 'cpu']);
    expect(cpu.code).toBe(0);
  });

  it('an --out that is not empty: exit 2; its remedies (another --out, --overwrite) work', async () => {
    expect((await runCli(['fuse', ...files, ...out('twice')])).code).toBe(0);
    const again = await runCli(['fuse', ...files, ...out('twice')]);
    expect(again.code).toBe(2);
    expect(again.err.at(-1)).toContain('choose another --out or pass --overwrite');
    expect((await runCli(['fuse', ...files, ...out('twice'), '--overwrite'])).code).toBe(0);
    expect((await runCli(['fuse', ...files, ...out('twice-other')])).code).toBe(0);
  });
});
