// `fusem maps SI_FILE --elements … --out DIR` and `fusem fuse --input SI_FILE --elements …` (issue 11).

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closeHdf5Worker } from '../../../src/compute/io/index.js';
import { readImage, writeNpy } from '../../../src/compute/io/index.js';
import { hasSample, IO } from '../io/paths.js';
import { writeVeloxSi } from '../spectra/velox-fixture.js';
import { runCli, tempDir } from './cli-helpers.js';

afterAll(() => closeHdf5Worker());
const VELOX = path.join(IO, 'velox_v11_SI_16x16.emd');

describe('fusem maps', () => {
  it.skipIf(!hasSample('io/velox_v11_SI_16x16.emd'))('maps a Velox EDS stream into the fuse input layout with a provenance report, and the printed fuse command works', async () => {
    const dir = path.join(await tempDir(), 'maps');
    const r = await runCli(['maps', VELOX, '--elements', 'C,O,Ca,Cu', '--out', dir]);
    expect(r.err).toEqual([]);
    expect(r.code).toBe(0);
    for (const f of ['haadf.npy', 'map_C.npy', 'variance_C.npy', 'map_Cu.npy', 'maps.json']) expect(existsSync(path.join(dir, f)), f).toBe(true);
    const report = JSON.parse(readFileSync(path.join(dir, 'maps.json'), 'utf8')) as { elements: string[]; provenance: { element: string; line: string; method: string; windows: unknown }[]; spectrumImage: { energy: unknown } };
    expect(report.elements).toEqual(['C', 'O', 'Ca', 'Cu']);
    expect(report.provenance.map((p) => p.line)).toEqual(['K', 'K', 'K', 'K']);
    expect(report.provenance[0]!.method).toMatch(/linear fit/);
    expect(report.spectrumImage.energy).toEqual({ size: 4096, scale: 0.01, offset: -0.25, unit: 'keV' });
    const haadf = await readImage(path.join(dir, 'haadf.npy'));
    expect(haadf.sum).toBe(4723669);
    const c = await readImage(path.join(dir, 'map_C.npy'));
    expect(c.shape).toEqual([16, 16]);
    expect(Math.min(...c.data)).toBeGreaterThanOrEqual(0);
    // Cu has under one net count in the whole 16×16 field: its map is empty, said, and left out of the fuse command
    expect(r.out.join('\n')).toMatch(/the Cu map holds no counts \(Cu absent or below detection here\): left out of the fuse command/);
    expect(r.out.find((l) => l.includes('fuse them:'))).not.toMatch(/map_Cu/);
    const cmd = r.out.find((l) => l.includes('fuse them:'))!.replace(/^.*fuse them: fusem /, '').replace('RESULT_DIR', path.join(dir, '..', 'fused'));
    const f = await runCli([...cmd.split(' '), '--quiet']);
    expect(f.code).toBe(0);
    expect(existsSync(path.join(dir, '..', 'fused', 'fused_C.npy'))).toBe(true);
  });

  it.skipIf(!hasSample('io/dm4_EELS_SI.dm4'))('EELS SI with windows edited, energy and pixel binning recorded', async () => {
    const dir = path.join(await tempDir(), 'maps');
    const r = await runCli(['maps', path.join(IO, 'dm4_EELS_SI.dm4'), '--elements', 'O,W', '--pre-edge', 'O=450:525', '--signal-window', 'O=532:600', '--bin-energy', '2', '--out', dir, '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out[0]!) as { provenance: { element: string; line: string; windows: { preEdge: number[]; signal: number[] } }[]; mapped: { energyBin: number; energy: { scale: number } } };
    expect(j.provenance[0]!.windows).toEqual({ preEdge: [450, 525], signal: [532, 600] });
    expect(j.provenance[1]!.line).toBe('M5');
    expect(j.mapped.energyBin).toBe(2);
    expect(j.mapped.energy.scale).toBe(2);
  });

  it.skipIf(!hasSample('io/dm3_EDS_spectrum.dm3') || !hasSample('io/dm4_EELS_SI.dm4') || !hasSample('io/velox_v11_SI_16x16.emd') || !hasSample('io/velox_v11_SI_16x16_reduced.emd'))('bad input exits 2 with one line naming the file and the problem', async () => {
    const out = await tempDir();
    const dm4 = path.join(IO, 'dm4_EELS_SI.dm4');
    const cases: [string[], RegExp][] = [
      [['maps', dm4, '--elements', 'Fe', '--edge', 'Fe=K', '--out', path.join(out, 'a')], /dm4_EELS_SI\.dm4: Fe K pre-edge window 6942–7092 eV is not covered by the energy axis \(300–2347 eV\)/],
      [['maps', VELOX, '--elements', 'Li', '--out', path.join(out, 'b')], /velox_v11_SI_16x16\.emd: no X-ray line of Li \(K\) lies inside the energy axis/],
      [['maps', path.join(IO, 'velox_v11_SI_16x16_reduced.emd'), '--elements', 'C', '--out', path.join(out, 'c')], /reduced\.emd: Velox pruned the raw spectrum stream/],
      [['maps', path.join(IO, 'dm3_EDS_spectrum.dm3'), '--elements', 'C', '--out', path.join(out, 'd')], /dm3_EDS_spectrum\.dm3: holds a single spectrum, not a spectrum image/],
      [['maps', VELOX, '--elements', 'CO', '--out', path.join(out, 'e')], /"CO" is not an element symbol/],
      [['maps', VELOX, '--elements', 'C', '--frames', '3', '--out', path.join(out, 'f')], /frames 3–3 requested but the spectrum stream holds 2 frames/],
    ];
    const cut = path.join(out, 'cut.emd');
    await writeVeloxSi(cut, { rows: 2, cols: 2, channels: 2048, frames: [[[300], [], [700], [600]]], truncateTo: 3 });
    cases.push([['maps', cut, '--elements', 'O', '--out', path.join(out, 'g')], /cut\.emd: spectrum stream bbbb: frame 1 ends after 3 of 4 pixels \(truncated stream\)/]);
    for (const [argv, msg] of cases) {
      const r = await runCli(argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err.length).toBe(1);
      expect(r.err[0]).toMatch(msg);
    }
  });
});

describe('fusem info on spectrum images', () => {
  it.skipIf(!hasSample('io/dm4_EELS_SI.dm4') || !hasSample('io/velox_v11_SI_16x16.emd'))('describes the SI (pixels × channels, energy axis, acquisition) instead of sending the user to Velox', async () => {
    const r = await runCli(['info', VELOX]);
    expect(r.code).toBe(0);
    expect(r.out.join('\n')).toMatch(/EDX spectrum image 'EDS spectrum image'  16×16 pixels × 4096 channels, -0\.25–40\.7 keV at 0\.01 keV\/channel; 300 kV, dwell 0\.001 s, live time 1\.077 s, 2 of 2 frames/);
    expect(r.out.join('\n')).not.toMatch(/export the element maps/);
    const j = JSON.parse((await runCli(['info', path.join(IO, 'dm4_EELS_SI.dm4'), '--json'])).out[0]!) as { spectra: { kind: string; shape: number[]; energy: { first: number; last: number; unit: string } }[] };
    expect(j.spectra[0]).toMatchObject({ kind: 'spectrum image', shape: [2, 2, 2048], energy: { first: 300, last: 2347, unit: 'eV' } });
  });
});

describe('fusem fuse --input SI --elements', () => {
  it.skipIf(!hasSample('io/velox_v11_SI_16x16.emd'))('maps and fuses in one step, with the maps’ provenance in the report notes', async () => {
    const dir = path.join(await tempDir(), 'fused');
    const r = await runCli(['fuse', '--input', VELOX, '--elements', 'C,O,Ca,Cu', '--edx-method', 'windows', '--out', dir, '--quiet']);
    expect(r.code).toBe(0);
    const rep = JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8')) as { notes: string[]; elements: string[] };
    expect(rep.elements).toEqual(['C', 'O', 'Ca', 'Cu']);
    expect(rep.notes.join('\n')).toMatch(/C: EDX K — window net counts/);
  });

  it.skipIf(!hasSample('io/dm4_EELS_SI.dm4'))('an SI file without a HAADF asks for --haadf, and --haadf works', async () => {
    const dm4 = path.join(IO, 'dm4_EELS_SI.dm4');
    const dir = path.join(await tempDir(), 'fused');
    const r = await runCli(['fuse', '--input', dm4, '--elements', 'O,W', '--out', dir]);
    expect(r.code).toBe(2);
    expect(r.err[0]).toMatch(/dm4_EELS_SI\.dm4: the spectrum image file holds no HAADF image on its grid: give one with --haadf FILE/);
    const haadf = path.join(path.dirname(dir), 'haadf.npy');
    await writeNpy(haadf, Float32Array.from([100, 120, 90, 110]), [2, 2]);
    const ok = await runCli(['fuse', '--input', dm4, '--haadf', haadf, '--elements', 'O,W', '--out', dir, '--quiet']);
    expect(ok.code).toBe(0);
    expect(existsSync(path.join(dir, 'fused_W.npy'))).toBe(true);
  });
});

describe('per-pixel variances from maps to fuse (simulated EELS SI)', () => {
  it('the printed fuse command passes each map\'s variance; --data-term lsq-variances weighs by them; bad variance files exit 2 naming the file', async () => {
    const root = await tempDir();
    const simDir = path.join(root, 'sim');
    expect((await runCli(['simulate', 'core-shell', '--size', '32', '--seed', '41', '--spectrum-image', 'eels', '--out', simDir, '--json'])).code).toBe(0);
    const si = path.join(simDir, 'si.hspy');
    const mapsDir = path.join(root, 'maps');
    const r = await runCli(['maps', si, '--elements', 'Co,S,O', '--out', mapsDir]);
    expect(r.code).toBe(0);
    const line = r.out.find((l) => l.includes('fuse them:'))!;
    for (const el of ['Co', 'S', 'O']) expect(line).toContain(`--variance ${el}=${path.join(mapsDir, `variance_${el}.npy`)}`);
    const cmd = line.replace(/^.*fuse them: fusem /, '').replace('RESULT_DIR', path.join(root, 'one')).split(' ');
    expect((await runCli([...cmd, '--quiet', '--iters', '40', '--choose-lambda', 'none'])).code).toBe(0);
    type Report = { dataTerm: { name: string; reason: string; perPixelVariances?: boolean }; inputs?: { files?: { role: string }[] } };
    const one = JSON.parse(readFileSync(path.join(root, 'one', 'report.json'), 'utf8')) as Report;
    expect(one.dataTerm.name).toBe('lsq'); // net counts with negatives
    expect(one.dataTerm.reason).toMatch(/one noise level per map, the mean of the per-pixel variances/);
    expect(JSON.stringify(one)).toContain('variance_S.npy');
    expect((await runCli([...cmd.map((a) => a.replace(path.join(root, 'one'), path.join(root, 'per'))), '--data-term', 'lsq-variances', '--quiet', '--iters', '40', '--choose-lambda', 'none'])).code).toBe(0);
    const per = JSON.parse(readFileSync(path.join(root, 'per', 'report.json'), 'utf8')) as Report;
    expect(per.dataTerm.perPixelVariances).toBe(true);
    // fuse --input SI --elements: the SI's own variances, weighed with lsq-variances
    const direct = path.join(root, 'direct');
    expect((await runCli(['fuse', '--input', si, '--elements', 'Co,S,O', '--data-term', 'lsq-variances', '--out', direct, '--quiet', '--iters', '40', '--choose-lambda', 'none'])).code).toBe(0);
    expect((JSON.parse(readFileSync(path.join(direct, 'report.json'), 'utf8')) as Report).dataTerm.perPixelVariances).toBe(true);
    // bad input: a negative variance, a variance for only some maps, --variance without --map, lsq-variances without variances
    const bad = path.join(root, 'bad_S.npy');
    await writeNpy(bad, Float32Array.from({ length: 32 * 32 }, (_, k) => (k === 7 ? -2 : 1)), [32, 32]);
    const base = ['fuse', '--haadf', path.join(mapsDir, 'haadf.npy'), ...['Co', 'S', 'O'].flatMap((el) => ['--map', `${el}=${path.join(mapsDir, `map_${el}.npy`)}`])];
    const cases: [string[], RegExp][] = [
      [[...base, '--variance', `Co=${path.join(mapsDir, 'variance_Co.npy')}`, '--variance', `S=${bad}`, '--variance', `O=${path.join(mapsDir, 'variance_O.npy')}`], /bad_S\.npy: S variance map has 1 negative values/],
      [[...base, '--variance', `Co=${path.join(mapsDir, 'variance_Co.npy')}`], /variance_Co\.npy: variances are given for some maps but not for S, O: give --variance EL=FILE for every map, or none/],
      [['fuse', '--input', si, '--variance', `Co=${bad}`], /--variance EL=FILE goes with --map EL=FILE/],
      [[...base, '--data-term', 'lsq-variances'], /no per-pixel variances came with the maps .*--variance EL=FILE\): choose the data term lsq$/],
    ];
    for (const [argv, msg] of cases) {
      const b = await runCli([...argv, '--out', path.join(root, 'x')]);
      expect(b.code, argv.join(' ')).toBe(2);
      expect(b.err.length).toBe(1);
      expect(b.err[0], JSON.stringify(b.err[0])).toMatch(msg);
    }
    // the remedy of the last message, the other way: the data term lsq fuses the same maps without variances
    const lsq = await runCli([...base, '--data-term', 'lsq', '--out', path.join(root, 'lsq'), '--quiet', '--iters', '40', '--choose-lambda', 'none']);
    expect(lsq.code, lsq.err.join('\n')).toBe(0);
    expect((JSON.parse(readFileSync(path.join(root, 'lsq', 'report.json'), 'utf8')) as Report).dataTerm.name).toBe('lsq');
  }, 120_000);
});
