// The command line's stoichiometry: simulate --sensitivity (and the remedy for --k), fuse's factor flags and labels.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simulateCommand } from '../../../src/cli/commands/simulate.js';
import { main as runCli } from '../../../src/cli/main.js';

async function call(f: (a: string[], io: { out: (l: string) => void; err: (l: string) => void }) => Promise<number>, args: string[]) {
  const out: string[] = [], err: string[] = [];
  const rc = await f(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { rc, out, err };
}

let root = '';
beforeEach(async () => { root = await mkdtemp(join(tmpdir(), 'fusem-k-')); });
afterEach(async () => { await rm(root, { recursive: true, force: true }); });

describe('fusem simulate --sensitivity', () => {
  it('--k is refused with the remedy, and the remedy works', async () => {
    const dir = join(root, 'cs');
    const bad = await call(simulateCommand, ['core-shell', '--out', dir, '--size', '48', '--k', 'Co=1,S=0.6,O=0.25']);
    expect(bad.rc).toBe(2);
    expect(bad.err[0]).toMatch(/--sensitivity EL=V/);
    const good = await call(simulateCommand, ['core-shell', '--out', dir, '--size', '48', '--sensitivity', 'Co=1,S=0.6,O=0.25']);
    expect(good.rc).toBe(0);
    const report = JSON.parse(await readFile(join(dir, 'phantom.json'), 'utf8'));
    expect(report.sensitivities).toEqual({ Co: 1, S: 0.6, O: 0.25 });
    const typo = await call(simulateCommand, ['core-shell', '--out', dir, '--size', '48', '--sensitivity', 'Co=1,S=-1']);
    expect(typo.rc).toBe(2);
    expect(typo.err[0]).toMatch(/S=-1/);
  });
});

describe('fusem fuse: what the composition is', () => {
  it('given k-factors: "atomic % (k-factors given)" on the composition line and in report.json; uncalibrated without', async () => {
    const sim = join(root, 'ga');
    expect((await call(simulateCommand, ['ga2o3-films', '--out', sim, '--size', '48', '--seed', '7', '--sensitivity', 'Ga=1,O=0.3'])).rc).toBe(0);
    const base = ['fuse', '--haadf', join(sim, 'haadf.npy'), '--map', `Ga=${join(sim, 'map_Ga.npy')}`, '--map', `O=${join(sim, 'map_O.npy')}`, '--iters', '10', '--quiet'];
    const given = await call(runCli, [...base, '--out', join(root, 'given'), '--k-factor', 'Ga=1,O=3.333']);
    expect(given.rc).toBe(0);
    expect(given.out.join('\n')).toMatch(/composition over non-vacuum pixels, atomic % \(k-factors given\): Ga \d+\.\d, O \d+\.\d/);
    const report = JSON.parse(await readFile(join(root, 'given', 'report.json'), 'utf8'));
    expect(report.stoichiometry.basis).toBe('given');
    expect(report.stoichiometry.sensitivities[1]).toBeCloseTo(0.3, 3);
    const none = await call(runCli, [...base, '--out', join(root, 'none')]);
    expect(none.rc).toBe(0);
    expect(none.out.join('\n')).toMatch(/map-intensity ratio \(not calibrated\): Ga/);
    expect(none.out.join('\n')).not.toMatch(/atomic %/);
    const scan = await call(runCli, ['gamma-scan', ...base.slice(1, -3), '--gammas', '1.6,1.8', '--iters', '3']);
    expect(scan.rc).toBe(0);
    expect(scan.out[0]).toMatch(/map-intensity ratio \(not calibrated\) in %/);
    const bad = await call(runCli, [...base, '--out', join(root, 'bad'), '--k-factor', 'Ga=1']);
    expect(bad.rc).toBe(2);
    expect(bad.err.join('\n')).toMatch(/missing O/);
  }, 60_000);
});
