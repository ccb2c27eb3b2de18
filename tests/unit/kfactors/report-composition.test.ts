// report.json's whole-image compositions: the summed measured maps (summedComposition, ± SE, unit label) beside the
// fused maps' mean ratios (composition, kept for compatibility), both labelled; checked against the phantom's truth.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../cli/cli-helpers.js';
import { parseNpy } from '../../../src/compute/io/npy/read.js';

const truthMap = async (file: string) => Float64Array.from(parseNpy(new Uint8Array(await readFile(file)), file).values as ArrayLike<number>);

let root = '';
beforeAll(async () => { root = await mkdtemp(join(tmpdir(), 'fusem-rc-')); });
afterAll(async () => { await rm(root, { recursive: true, force: true }); });

describe('report.json: the whole-image composition of the summed measured maps', () => {
  it('two-phase film, unequal k given: summedComposition within 1 pp of the true atom fractions, ± SE, labelled; the old composition kept', async () => {
    const sim = join(root, 'film');
    const s = { Mn: 1, O: 0.35 }; // seed 9731, 64²: used nowhere else
    expect((await runCli(['simulate', 'two-phase-film', '--out', sim, '--size', '64', '--seed', '9731', '--sensitivity', 'Mn=1,O=0.35'])).code).toBe(0);
    const out = join(root, 'fused');
    const r = await runCli(['fuse', '--haadf', join(sim, 'haadf.npy'), '--map', `Mn=${join(sim, 'map_Mn.npy')}`, '--map', `O=${join(sim, 'map_O.npy')}`,
      '--iters', '60', '--quiet', '--out', out, '--k-factor', `Mn=1,O=${1 / s.O}`]);
    expect(r.code).toBe(0);
    // truth: the phantom's atoms (truth maps are s_i × atoms) summed over the sample's pixels
    const tMn = await truthMap(join(sim, 'truth_Mn.npy')), tO = await truthMap(join(sim, 'truth_O.npy'));
    let mn = 0, o = 0;
    for (let p = 0; p < tMn.length; p++) { mn += tMn[p]! / s.Mn; o += tO[p]! / s.O; }
    const truth = mn / (mn + o);
    const st = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')).stoichiometry;
    const summed = st.summedComposition;
    expect(summed.unit).toBe('atomic % (k-factors given)');
    expect(summed.definition).toMatch(/measured \(input\) maps/);
    expect(summed.pixels).toBeGreaterThan(0.5 * 64 * 64);
    const sMn = summed.elements.find((e: { element: string }) => e.element === 'Mn');
    expect(Math.abs(sMn.fraction - truth)).toBeLessThan(0.01);
    expect(sMn.stderr).toBeGreaterThan(0.0005); // ≈ 0.3 pp from a few thousand counts
    expect(sMn.stderr).toBeLessThan(0.01);
    expect(Math.abs(sMn.fraction - truth)).toBeLessThan(4 * sMn.stderr);
    expect(sMn.kStderr).toBe(0); // exact given factors
    expect(summed.elements.reduce((a: number, e: { fraction: number }) => a + e.fraction, 0)).toBeCloseTo(1, 9);
    // the old field stays, now labelled
    expect(st.composition.map((e: { element: string }) => e.element)).toEqual(['Mn', 'O']);
    expect(st.compositionDefinition).toMatch(/fused maps/);
    // the CLI's line prints report.json's numbers
    const line = r.out.find((l) => l.startsWith('composition of the summed input maps over those pixels, atomic % (k-factors given): '));
    expect(line).toContain(`Mn ${(100 * sMn.fraction).toFixed(1)} ± ${(100 * sMn.stderr).toFixed(1)}`);
  }, 60_000);
});
