// Issue 11: a spectrum image whose HAADF is in a file of its own (DigitalMicrograph keeps the ADF image acquired with an
// SI apart) — imported together from the app, shown and fused with that HAADF; refused, naming the file, when the
// image is not on the SI's grid; and a watched DM SI beside its HAADF becomes the same kind of dataset in the project.

import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSpectrumImageHspy } from '../../../src/compute/io/hspy/write-spectrum-image.js';
import { closeHdf5Worker, writeNpy } from '../../../src/compute/io/index.js';
import { coreShell } from '../../../src/compute/simulate/index.js';
import { simulateEelsSpectrumImage } from '../../../src/compute/simulate/spectrum-image.js';
import { DEFAULT_PARAMS } from '../../../src/compute/solve/params.js';
import { hasSample, IO } from '../io/paths.js';
import { apiError, resultOf, startApp, temp, until, type AppFixture } from './app-fixture.js';

const S = 32;
const sim = simulateEelsSpectrumImage(coreShell({ width: S, height: S, seed: 11 }), { seed: 12, dose: 300 });

describe('a spectrum image with its HAADF in another file', () => {
  let app: AppFixture;
  let dir: string;
  let siFile: string;
  let haadfFile: string;
  beforeAll(async () => {
    app = await startApp();
    dir = await temp('fusem-si-haadf-');
    siFile = path.join(dir, 'scan_SI.hspy');
    haadfFile = path.join(dir, 'scan_ADF.npy');
    await writeSpectrumImageHspy(siFile, sim.si, null); // the SI alone, as DM saves it
    await writeNpy(haadfFile, sim.haadf, [S, S]);
    await app.service['project.create']({ dir: path.join(dir, 'project'), name: 'si + haadf' });
  }, 60_000);
  afterAll(async () => { await app?.close(); closeHdf5Worker(); });

  it('alone, it is shown by its counts and refused for fusion; the refusal\'s remedy — importing it with its HAADF — fuses', async () => {
    const alone = await app.service['dataset.import']({ file: siFile, mode: 'reference' });
    expect((await app.service['spectrum.get']({ datasetId: alone.id })).hasHaadf).toBe(false);
    await app.service['spectrum.apply']({ datasetId: alone.id, settings: { elements: ['Co', 'O'] } });
    const refused = await apiError(app.service['fusion.start']({ datasetId: alone.id, params: { ...DEFAULT_PARAMS, iterations: 5 } }));
    expect(refused.message).toMatch(/scan_SI\.hspy: holds no HAADF image on the spectrum image’s grid, and fusion needs one: import the spectrum image again together with its HAADF file \(choose both in the Import dialog\)/);

    // the remedy, files in either order: the SI first in the dataset, its HAADF shown and fused
    const paired = await app.service['dataset.import']({ files: [haadfFile, siFile], mode: 'reference', label: 'SI + ADF' });
    expect(paired.spectrumImage).toBe('EELS');
    expect(paired.files.map((f) => f.name)).toEqual(['scan_SI.hspy', 'scan_ADF.npy']);
    const info = await app.service['spectrum.get']({ datasetId: paired.id });
    expect(info).toMatchObject({ kind: 'EELS', rows: S, cols: S, hasHaadf: true });
    expect(info.notes).toContain('HAADF: scan_ADF.npy, imported beside the spectrum image');
    const shown = await app.service['dataset.get']({ datasetId: paired.id });
    expect(Array.from(shown.haadf.data)).toEqual(Array.from(sim.haadf));
    expect(shown.maps.map((m) => m.element)).toEqual(['Co', 'O']); // the project's map settings, as for any SI
    const { jobId } = await app.service['fusion.start']({ datasetId: paired.id, params: { ...DEFAULT_PARAMS, iterations: 8, chooseLambda: 'none' } });
    const result = await app.service['result.get']({ resultId: await resultOf(app.events, jobId, 120_000) });
    expect(result.result.elements).toEqual(['Co', 'O']);
    expect(Array.from(result.inputs!.haadf.data)).toEqual(Array.from(sim.haadf)); // fused with that HAADF
  }, 180_000);

  it('an image whose name says an element is never taken as the HAADF', async () => {
    const before = (await app.service['dataset.list']({})).datasets.length;
    const coMap = path.join(dir, 'scan_Co.npy');
    await writeNpy(coMap, sim.haadf, [S, S]);
    const refused = await apiError(app.service['dataset.import']({ files: [siFile, coMap], mode: 'copy' }));
    expect(refused.message).toBe(`${coMap}: its name says Co, an element's map: a spectrum image is imported with its HAADF image only (its maps are made from its spectra)`);
    expect((await app.service['dataset.list']({})).datasets).toHaveLength(before);
  });

  it('an image not on the SI\'s grid is refused before anything is imported, naming it', async () => {
    const before = (await app.service['dataset.list']({})).datasets.length;
    const wrong = path.join(dir, 'other_HAADF.npy');
    await writeNpy(wrong, new Float32Array(S * (S + 1)).fill(1), [S + 1, S]);
    const refused = await apiError(app.service['dataset.import']({ files: [siFile, wrong], mode: 'copy' }));
    expect(refused.message).toBe(`${wrong}: is ${S + 1}×${S} but the spectrum image ${siFile} is ${S}×${S} pixels: choose the HAADF acquired with it`);
    expect((await app.service['dataset.list']({})).datasets).toHaveLength(before);
  });
});

describe.skipIf(!hasSample('io/dm4_EELS_SI.dm4'))('a watched DigitalMicrograph SI beside its HAADF, in the project', () => {
  let app: AppFixture;
  afterAll(async () => { await app?.close(); closeHdf5Worker(); });

  it('becomes an SI dataset of the SI and its HAADF, which loads again from the project with that HAADF', async () => {
    app = await startApp();
    const root = await temp('fusem-si-dm-watch-');
    const acq = path.join(root, 'acquisitions');
    await mkdir(acq);
    await app.service['project.create']({ dir: path.join(root, 'project'), name: 'watched DM SI' });
    // the map settings come from an SI of the project, as in the app: import the sample once and apply them
    const first = await app.service['dataset.import']({ file: path.join(IO, 'dm4_EELS_SI.dm4'), mode: 'reference' });
    await app.service['spectrum.apply']({ datasetId: first.id, settings: { elements: ['O', 'W'], lines: { W: 'M45' } } });
    await app.service['watch.start']({ dir: acq });
    await writeNpy(path.join(acq, 'run_HAADF.npy'), Float32Array.from([100, 120, 90, 110]), [2, 2]);
    await copyFile(path.join(IO, 'dm4_EELS_SI.dm4'), path.join(acq, 'run_SI.dm4'));
    await until(() => app.events.some((e) => e.event === 'project.changed' && e.payload.reason === 'results'), 120_000);
    await app.service['watch.stop']({});
    const { datasets } = await app.service['dataset.list']({});
    const watched = datasets.find((d) => d.label.startsWith('watched run'))!;
    expect(watched.spectrumImage).toBe('EELS');
    expect(watched.files.map((f) => f.name)).toEqual(['run_SI.dm4', 'run_HAADF.npy']);
    // it loads from the project as it was fused: its HAADF, and the maps the project's settings make
    const shown = await app.service['dataset.get']({ datasetId: watched.id });
    expect(Array.from(shown.haadf.data)).toEqual([100, 120, 90, 110]);
    expect(shown.maps.map((m) => m.element)).toEqual(['O', 'W']);
    expect((await app.service['spectrum.get']({ datasetId: watched.id })).hasHaadf).toBe(true);
    const { results } = await app.service['result.list']({});
    expect(results.find((r) => r.datasetId === watched.id)?.elements).toEqual(['O', 'W']);
  }, 240_000);
});
