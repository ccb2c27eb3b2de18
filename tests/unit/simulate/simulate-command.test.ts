import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { mkdtemp, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simulateCommand } from '../../../src/cli/commands/simulate.js';
import { parseNpy } from '../../../src/compute/io/npy/read.js';
import { coreShell } from '../../../src/compute/simulate/phantoms/index.js';

interface Run { rc: number; out: string[]; err: string[] }

async function sim(args: string[]): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const rc = await simulateCommand(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { rc, out, err };
}

async function npy(file: string): Promise<{ shape: number[]; values: Float64Array }> {
  const a = parseNpy(new Uint8Array(await readFile(file)), file);
  expect(a.dtype).toBe('float32');
  return { shape: a.shape, values: Float64Array.from(a.values as ArrayLike<number>) };
}

let root = '';
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'fusem-simulate-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('fusem simulate', () => {
  it('writes the noisy HAADF and maps, the truth, the masks and phantom.json, and prints it with --json', async () => {
    const dir = join(root, 'cs');
    const r = await sim(['core-shell', '--out', dir, '--size', '64', '--seed', '3', '--snr', '3', '--haadf-snr=20', '--read-noise', '2', '--json']);
    expect(r.err).toEqual([]);
    expect(r.rc).toBe(0);
    const files = (await readdir(dir)).sort();
    expect(files).toEqual([
      'haadf.npy', 'haadf_clean.npy', 'map_Co.npy', 'map_O.npy', 'map_S.npy', 'mask_core.npy', 'mask_shell.npy',
      'phantom.json', 'truth_Co.npy', 'truth_O.npy', 'truth_S.npy',
    ]);
    const meta = JSON.parse(await readFile(join(dir, 'phantom.json'), 'utf8'));
    expect(JSON.parse(r.out.join('\n'))).toEqual(meta);
    expect(meta.phantom).toBe('core-shell');
    expect(meta.elements).toEqual(['Co', 'S', 'O']);
    expect(meta.shape).toEqual([64, 64]);
    expect(meta.seed).toBe(3);
    expect(meta.gamma).toBe(1.7);
    expect(meta.weighting).toMatch(/^paper/);
    expect(meta.snr.chem).toBeCloseTo(3, 8);
    expect(meta.snr.haadf).toBeCloseTo(20, 8);
    expect(meta.readNoise).toBe(2);
    expect(meta.doses.chem).toBeGreaterThan(0);

    // the region compositions are the phantom's, and each region's point lies in its mask
    const ph = coreShell({ width: 64, height: 64, seed: 3 });
    expect(meta.regions.map((g: { name: string }) => g.name)).toEqual(['core', 'shell']);
    for (const [k, g] of (meta.regions as { name: string; mask: string; point: { x: number; y: number }; composition: Record<string, number> }[]).entries()) {
      expect(g.composition).toEqual(ph.regions![k]!.composition);
      const mask = await npy(join(dir, g.mask));
      expect(mask.values[g.point.y * 64 + g.point.x]).toBe(1);
    }

    const haadf = await npy(join(dir, 'haadf.npy'));
    expect(haadf.shape).toEqual([64, 64]);
    const truthS = await npy(join(dir, 'truth_S.npy'));
    const mapS = await npy(join(dir, 'map_S.npy'));
    expect(mapS.shape).toEqual([64, 64]);
    let truthSum = 0, mapSum = 0;
    for (let p = 0; p < 64 * 64; p++) {
      truthSum += truthS.values[p]!;
      mapSum += mapS.values[p]!;
      expect(Number.isInteger(mapS.values[p])).toBe(true);
      expect(truthS.values[p]).toBeCloseTo(ph.truth[64 * 64 + p]! * meta.scales.chem, 3);
    }
    expect(Math.abs(mapSum - truthSum)).toBeLessThan(5 * Math.sqrt(truthSum)); // Poisson total
  });

  it('is deterministic for a seed and accepts phantom aliases', async () => {
    await sim(['ga2o3Films', '--out', join(root, 'a'), '--size', '48', '--seed', '7', '--dose', '5']);
    const b = await sim(['ga2o3-films', '--out', join(root, 'b'), '--size', '48', '--seed', '7', '--dose', '5']);
    expect(b.rc).toBe(0);
    expect(b.out).toHaveLength(1);
    expect(b.out[0]).toMatch(/wrote .*ga2o3-films 48×48 \(Ga, O\), seed 7; chemical dose 5 /);
    for (const f of ['haadf.npy', 'map_Ga.npy', 'map_O.npy', 'phantom.json']) {
      expect(await readFile(join(root, 'b', f))).toEqual(await readFile(join(root, 'a', f)));
    }
    await sim(['ga2o3-films', '--out', join(root, 'c'), '--size', '48', '--seed', '8', '--dose', '5']);
    expect(await readFile(join(root, 'c', 'map_Ga.npy'))).not.toEqual(await readFile(join(root, 'a', 'map_Ga.npy')));
  });

  const bad: [string, string[], RegExp][] = [
    ['no phantom', ['--out', 'X'], /which phantom/],
    ['an unknown phantom', ['sphere', '--out', 'X'], /unknown phantom "sphere"/],
    ['no --out', ['lattice'], /--out DIR is required/],
    ['dose and SNR', ['lattice', '--out', 'X', '--dose', '3', '--snr', '2'], /--dose or --snr/],
    ['HAADF dose and SNR', ['lattice', '--out', 'X', '--haadf-dose', '3', '--haadf-snr', '2'], /--haadf-dose or --haadf-snr/],
    ['a non-numeric size', ['lattice', '--out', 'X', '--size', 'big'], /--size must be an integer/],
    ['a tiny size', ['lattice', '--out', 'X', '--size', '8'], /--size/],
    ['a negative dose', ['lattice', '--out', 'X', '--dose', '-2'], /--dose must be a number > 0/],
    ['an unknown option', ['lattice', '--out', 'X', '--colour', 'red'], /unknown option --colour/],
    ['a missing value', ['lattice', '--out', 'X', '--seed'], /--seed needs a value/],
    ['a bad weighting', ['lattice', '--out', 'X', '--weighting', 'heavy'], /--weighting must be one of/],
    ['two phantoms', ['lattice', 'core-shell', '--out', 'X'], /one phantom at a time/],
  ];
  for (const [what, args, message] of bad) {
    it(`exits 2 with one line for ${what}, writing nothing`, async () => {
      const dir = join(root, 'out');
      const r = await sim(args.map((a) => (a === 'X' ? dir : a)));
      expect(r.rc).toBe(2);
      expect(r.out).toEqual([]);
      expect(r.err).toHaveLength(1);
      expect(r.err[0]).toMatch(/^fusem simulate: /);
      expect(r.err[0]).toMatch(message);
      expect(await readdir(root)).toEqual([]);
    });
  }

  it('exits 2 when --out is a file', async () => {
    const file = join(root, 'file');
    await writeFile(file, 'x');
    const r = await sim(['lattice', '--out', file, '--size', '32']);
    expect(r.rc).toBe(2);
    expect(r.err[0]).toMatch(/^fusem simulate: --out .* is not a directory/);
  });

  it('never leaves a directory that looks complete after a failed write', async () => {
    const dir = join(root, 'out');
    expect((await sim(['lattice', '--out', dir, '--size', '32'])).rc).toBe(0);
    expect(await readdir(dir)).toContain('phantom.json');
    // make one output impossible to replace: a directory in its place
    await rm(join(dir, 'map_Ti.npy'));
    await mkdir(join(dir, 'map_Ti.npy', 'blocker'), { recursive: true });
    const r = await sim(['lattice', '--out', dir, '--size', '32', '--seed', '2']);
    expect(r.rc).toBe(2);
    expect(r.err).toHaveLength(1);
    expect(r.err[0]).toMatch(/^fusem simulate: cannot write the output/);
    const left = await readdir(dir);
    expect(left).not.toContain('phantom.json');
    expect(left.filter((f) => f.includes('.tmp'))).toEqual([]);
  });
});
