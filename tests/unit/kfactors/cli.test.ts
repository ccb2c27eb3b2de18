// The command line's stoichiometry: simulate --sensitivity (and the remedy for --k), fuse's factor flags and labels.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../cli/cli-helpers.js';

let root = '';
beforeEach(async () => { root = await mkdtemp(join(tmpdir(), 'fusem-k-')); });
afterEach(async () => { await rm(root, { recursive: true, force: true }); });

describe('fusem simulate --sensitivity', () => {
  it('--k is refused with the remedy, and the remedy works', async () => {
    const dir = join(root, 'cs');
    const bad = await runCli(['simulate', 'core-shell', '--out', dir, '--size', '48', '--k', 'Co=1,S=0.6,O=0.25']);
    expect(bad.code).toBe(2);
    expect(bad.err[0]).toMatch(/--sensitivity EL=V/);
    const good = await runCli(['simulate', 'core-shell', '--out', dir, '--size', '48', '--sensitivity', 'Co=1,S=0.6,O=0.25']);
    expect(good.code).toBe(0);
    const report = JSON.parse(await readFile(join(dir, 'phantom.json'), 'utf8'));
    expect(report.sensitivities).toEqual({ Co: 1, S: 0.6, O: 0.25 });
    const typo = await runCli(['simulate', 'core-shell', '--out', dir, '--size', '48', '--sensitivity', 'Co=1,S=-1']);
    expect(typo.code).toBe(2);
    expect(typo.err[0]).toMatch(/S=-1/);
  });
});

describe('fusem fuse: what the composition is', () => {
  it('given k-factors: "atomic % (k-factors given)" on the composition line and in report.json; uncalibrated without', async () => {
    const sim = join(root, 'ga');
    expect((await runCli(['simulate', 'ga2o3-films', '--out', sim, '--size', '48', '--seed', '7', '--sensitivity', 'Ga=1,O=0.3'])).code).toBe(0);
    const base = ['fuse', '--haadf', join(sim, 'haadf.npy'), '--map', `Ga=${join(sim, 'map_Ga.npy')}`, '--map', `O=${join(sim, 'map_O.npy')}`, '--iters', '10', '--quiet'];
    const given = await runCli([...base, '--out', join(root, 'given'), '--k-factor', 'Ga=1,O=3.333']);
    expect(given.code).toBe(0);
    expect(given.out.join('\n')).toMatch(/composition over non-vacuum pixels, atomic % \(k-factors given\): Ga \d+\.\d, O \d+\.\d/);
    const summedLine = given.out.find((l) => l.startsWith('composition of the summed input maps over those pixels, atomic % (k-factors given): '));
    const ga = Number(/Ga (\d+\.\d) ± (\d+\.\d)/.exec(summedLine ?? '')?.[1]);
    expect(Math.abs(ga - 40)).toBeLessThan(3); // 48², seed 7: a few hundred counts of Ga
    const report = JSON.parse(await readFile(join(root, 'given', 'report.json'), 'utf8'));
    expect(report.stoichiometry.basis).toBe('given');
    expect(report.stoichiometry.sensitivities[1]).toBeCloseTo(0.3, 3);
    const none = await runCli([...base, '--out', join(root, 'none')]);
    expect(none.code).toBe(0);
    expect(none.out.join('\n')).toMatch(/map-intensity ratio \(not calibrated\): Ga/);
    expect(none.out.join('\n')).not.toMatch(/atomic %/);
    const scan = await runCli(['gamma-scan', ...base.slice(1, -3), '--gammas', '1.6,1.8', '--iters', '3']);
    expect(scan.code).toBe(0);
    expect(scan.out[0]).toMatch(/map-intensity ratio \(not calibrated\) in %/);
    const bad = await runCli([...base, '--out', join(root, 'bad'), '--k-factor', 'Ga=1']);
    expect(bad.code).toBe(2);
    expect(bad.err.join('\n')).toMatch(/missing O/);
    // --preset reference scales each map to [0, 1] on its own: no ratio of its fused maps is shown as a composition
    const ref = await runCli([...base, '--out', join(root, 'ref'), '--preset', 'reference', '--k-factor', 'Ga=1,O=3.333']);
    expect(ref.code).toBe(0);
    expect(ref.out.join('\n')).toMatch(/composition of the fused maps: none: --normalise reference scales each map to \[0, 1\] on its own/);
    expect(ref.out.join('\n')).not.toMatch(/composition over non-vacuum pixels/);
    const refReport = JSON.parse(await readFile(join(root, 'ref', 'report.json'), 'utf8'));
    expect(refReport.stoichiometry.composition).toBeNull();
    expect(refReport.stoichiometry.compositionDefinition).toMatch(/^none: --normalise reference/);
    expect(refReport.stoichiometry.summedComposition.unit).toBe('map-intensity ratio (not calibrated)'); // the reference normalisation takes no factors
  }, 60_000);
});

describe('fusem fuse --factor-uncertainty: given factors as a prior', () => {
  it('a single phase: the factors alone, labelled with their ±; without factors the remedy is named, and it works', async () => {
    const sim = join(root, 'ga');
    expect((await runCli(['simulate', 'ga2o3-films', '--out', sim, '--size', '48', '--seed', '9', '--sensitivity', 'Ga=1,O=0.3'])).code).toBe(0);
    const base = ['fuse', '--haadf', join(sim, 'haadf.npy'), '--map', `Ga=${join(sim, 'map_Ga.npy')}`, '--map', `O=${join(sim, 'map_O.npy')}`, '--iters', '10', '--quiet'];
    const alone = await runCli([...base, '--out', join(root, 'u0'), '--factor-uncertainty', '10%']);
    expect(alone.code).toBe(2);
    expect(alone.err.join('\n')).toMatch(/give them too, as --k-factor Ga=1,O=3.3 --factor-uncertainty 10%/);
    const remedy = await runCli([...base, '--out', join(root, 'u1'), '--k-factor', 'Ga=1,O=3.3', '--factor-uncertainty', '10%']);
    expect(remedy.code).toBe(0);
    expect(remedy.out.join('\n')).toMatch(/atomic % \(k-factors given ± 14 %\): Ga \d+\.\d ± \d+\.\d, O/);
    const report = JSON.parse(await readFile(join(root, 'u1', 'report.json'), 'utf8'));
    expect(report.stoichiometry).toMatchObject({ basis: 'given', unit: 'atomic % (k-factors given ± 14 %)', given: { uncertainty: { Ga: 0.1, O: 0.1 } } });
    expect(report.stoichiometry.standardErrors[1]).toBeCloseTo(Math.hypot(0.1, 0.1) / 3.3, 6);
    const perElement = await runCli([...base, '--out', join(root, 'u2'), '--k-factor', 'Ga=1,O=3.3', '--factor-uncertainty', 'O=0.2']);
    expect(perElement.code).toBe(0);
    expect(JSON.parse(await readFile(join(root, 'u2', 'report.json'), 'utf8')).stoichiometry.unit).toBe('atomic % (k-factors given ± 20 %)');
    for (const bad of ['ten', 'O=-5%', 'Mn=10%']) {
      const r = await runCli([...base, '--out', join(root, 'bad'), '--k-factor', 'Ga=1,O=3.3', '--factor-uncertainty', bad]);
      expect(r.code).toBe(2);
      expect(r.err.join('\n')).toMatch(bad === 'Mn=10%' ? /Mn, which is not among the maps/ : /--factor-uncertainty takes/);
    }
  }, 60_000);

  it('composition varying (two-phase film, 128², seed 33): the factor 20 % off with ±30 % is combined with the estimate', async () => {
    const sim = join(root, 'tp');
    expect((await runCli(['simulate', 'two-phase-film', '--out', sim, '--size', '128', '--snr', '2.5', '--haadf-snr', '20', '--seed', '33', '--sensitivity', 'Mn=1,O=0.3'])).code).toBe(0);
    const r = await runCli(['fuse', '--haadf', join(sim, 'haadf.npy'), '--map', `Mn=${join(sim, 'map_Mn.npy')}`, '--map', `O=${join(sim, 'map_O.npy')}`, '--iters', '10', '--quiet',
      '--out', join(root, 'tpf'), '--sensitivity', 'Mn=1,O=0.36', '--factor-uncertainty', 'O=30%']);
    expect(r.code).toBe(0);
    expect(r.out.join('\n')).toMatch(/atomic % \(k-ratios from HAADF and given factors ± [\d.]+ %\)/);
    const st = JSON.parse(await readFile(join(root, 'tpf', 'report.json'), 'utf8')).stoichiometry;
    expect(st.basis).toBe('combined');
    expect(Math.abs(st.sensitivities[1] / 0.3 - 1)).toBeLessThan(0.1);
  }, 60_000);
});

describe('fusem quantify: the share of the summed input maps', () => {
  it('with the true k-factors the film\'s Ga fraction from the summed maps is 40 % within 1 pp; a changed input file is named, not used', async () => {
    const sim = join(root, 'ga');
    expect((await runCli(['simulate', 'ga2o3-films', '--out', sim, '--size', '128', '--snr', '2.5', '--seed', '11', '--sensitivity', 'Ga=1,O=0.3'])).code).toBe(0);
    const out = join(root, 'gaf');
    const fused = await runCli(['fuse', '--haadf', join(sim, 'haadf.npy'), '--map', `Ga=${join(sim, 'map_Ga.npy')}`, '--map', `O=${join(sim, 'map_O.npy')}`, '--out', out, '--k-factor', 'Ga=1,O=3.3333333', '--quiet']);
    expect(fused.code).toBe(0);
    const q = await runCli(['quantify', '--result', out, '--roi', 'film=rect:4,4,40,120', '--json']);
    expect(q.code).toBe(0);
    const j = JSON.parse(q.out[0]!);
    expect(j.composition).toBe('atomic % (k-factors given)');
    expect(j.summed).toBe('input maps');
    const ga = j.regions[0].elements[0];
    expect(Math.abs(ga.summed - 40)).toBeLessThan(1);
    expect(ga.summedStderr).toBeGreaterThan(0);
    const { writeFile, readFile: read } = await import('node:fs/promises');
    const o = await read(join(sim, 'map_O.npy'));
    o[o.length - 1] = (o[o.length - 1]! + 1) % 256; // the file changes after the fusion
    await writeFile(join(sim, 'map_O.npy'), o);
    const changed = await runCli(['quantify', '--result', out, '--roi', 'film=rect:4,4,40,120']);
    expect(changed.code).toBe(0);
    expect(changed.out[0]).toMatch(/no summed maps \(.*map_O\.npy changed since the fusion\)/);
    expect(changed.out.join('\n')).not.toMatch(/summed maps \d/);
  }, 60_000);
});
