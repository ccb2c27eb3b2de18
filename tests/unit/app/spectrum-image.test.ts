// Issue 11 in the app's service: a simulated EELS spectrum image imported as a dataset, its spectra, live maps made by
// compute/spectra through spectrum.map (window edits change them), the project's map settings, and fusion of the maps.

import path, { join } from 'node:path';
import { mkdir, readFile, rename } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSpectrumImageHspy } from '../../../src/compute/io/hspy/write-spectrum-image.js';
import { closeHdf5Worker } from '../../../src/compute/io/index.js';
import { coreShell } from '../../../src/compute/simulate/index.js';
import { simulateEelsSpectrumImage } from '../../../src/compute/simulate/spectrum-image.js';
import { blockSpectrum, sumSpectrum } from '../../../src/compute/spectra/cube.js';
import { makeElementMaps } from '../../../src/compute/spectra/make-maps.js';
import { DEFAULT_PARAMS } from '../../../src/compute/solve/params.js';
import { hasSample, IO } from '../io/paths.js';
import { apiError, resultOf, startApp, temp, until, type AppFixture } from './app-fixture.js';

const S = 32;
const phantom = coreShell({ width: S, height: S, seed: 3 });
const sim = simulateEelsSpectrumImage(phantom, { seed: 4, dose: 300 });

describe('a spectrum-image dataset', () => {
  let app: AppFixture;
  let file: string;
  let projectDir: string;
  let datasetId: string;
  beforeAll(async () => {
    const dir = await temp('fusem-si-app-');
    file = path.join(dir, 'si.hspy');
    await writeSpectrumImageHspy(file, sim.si, sim.haadf);
    app = await startApp();
    projectDir = path.join(dir, 'project');
    await app.service['project.create']({ dir: projectDir, name: 'si' });
  }, 60_000);
  afterAll(async () => { await app?.close(); closeHdf5Worker(); });

  it('files.browse lists it as a spectrum image, with its HAADF as thumbnail', async () => {
    const { files } = await app.service['files.browse']({ dir: path.dirname(file) });
    expect(files.find((f) => f.name === 'si.hspy')).toMatchObject({ kind: 'dataset', spectrumImage: 'EELS', shape: [S, S], problem: null, elements: [] });
  });

  it('imports as an SI dataset and shows its HAADF before any element is chosen', async () => {
    const summary = await app.service['dataset.import']({ file, mode: 'reference' });
    expect(summary.spectrumImage).toBe('EELS');
    datasetId = summary.id;
    const data = await app.service['dataset.get']({ datasetId });
    expect(data.maps).toEqual([]);
    expect(data.haadf.width).toBe(S);
    expect(Array.from(data.haadf.data.subarray(0, 50))).toEqual(Array.from(sim.haadf.subarray(0, 50)));
  });

  it('spectrum.get: axis, sum spectrum, and the edges the axis covers', async () => {
    const info = await app.service['spectrum.get']({ datasetId });
    expect(info).toMatchObject({ kind: 'EELS', rows: S, cols: S, energy: { size: 1024, offset: 100, scale: 1, unit: 'eV' }, hasHaadf: true, settings: { elements: [] } });
    const sum = sumSpectrum(sim.si);
    expect(info.sum[600]).toBeCloseTo(sum[600]!, -1);
    const names = info.markers.map((m) => `${m.element} ${m.name}`);
    expect(names).toEqual(expect.arrayContaining(['O K', 'Co L2,3', 'S L2,3', 'C K', 'Fe L2,3']));
    expect(names).not.toContain('Au M4,5'); // 2206 eV, beyond the 1123 eV axis
    const px = await app.service['spectrum.region']({ datasetId, region: { kind: 'point', x: 5, y: 7 } });
    expect(px.pixels).toBe(1);
    expect(Array.from(px.counts.subarray(0, 20))).toEqual(Array.from(blockSpectrum(sim.si, 7, 8, 5, 6).subarray(0, 20)));
    const rect = await app.service['spectrum.region']({ datasetId, region: { kind: 'rect', x0: 30, y0: 30, x1: 40, y1: 40 } });
    expect(rect.pixels).toBe(4); // clipped to the scan
  });

  it('spectrum.map makes the maps compute/spectra makes, and a moved window changes them', async () => {
    const settings = { elements: ['Co', 'O', 'S'] };
    const m = await app.service['spectrum.map']({ datasetId, settings });
    const direct = makeElementMaps(sim.si, settings);
    expect(m.maps.map((x) => x.element)).toEqual(['Co', 'O', 'S']);
    expect(Array.from(m.maps[1]!.image.data)).toEqual(Array.from(direct.maps[1]!));
    const o = m.provenance[1]!;
    expect(o).toMatchObject({ element: 'O', technique: 'EELS', line: 'K' });
    expect(o.windows['signal']).toEqual([532, 585.2]);
    // A narrower signal window: fewer net counts, and the provenance says which window was used.
    const moved = await app.service['spectrum.map']({ datasetId, settings: { ...settings, signal: { O: [532, 552] } } });
    expect(moved.provenance[1]!.windows['signal']).toEqual([532, 552]);
    expect(moved.provenance[1]!.totalCounts).toBeLessThan(0.8 * o.totalCounts);
    const e = await apiError(app.service['spectrum.map']({ datasetId, settings: { elements: ['Au'] } }));
    expect(e.code).toBe('input');
    expect(e.message).toContain(file);
    expect(e.message).toMatch(/Au.*energy axis/);
  });

  it('fusion needs chosen elements; spectrum.apply keeps them in the project and the dataset fuses', async () => {
    const params = { ...DEFAULT_PARAMS, iterations: 15 };
    const refused = await apiError(app.service['fusion.start']({ datasetId, params }));
    expect(refused.code).toBe('input');
    expect(refused.message).toMatch(/pick them on the Spectrum tab/);
    // An element whose edge the axis does not cover is refused, the settings kept as they were.
    expect((await apiError(app.service['spectrum.apply']({ datasetId, settings: { elements: ['Co', 'Au'] } }))).code).toBe('input');
    const kept = await app.service['spectrum.apply']({ datasetId, settings: { elements: ['Co', 'O', 'S'], signal: { O: [532, 560], Fe: [708, 760] } } });
    expect(kept).toEqual({ elements: ['Co', 'O', 'S'], signal: { O: [532, 560] } }); // windows of unmapped elements dropped
    const data = await app.service['dataset.get']({ datasetId });
    expect(data.maps.map((m) => m.element)).toEqual(['Co', 'O', 'S']);
    expect(Array.from(data.maps[1]!.image.data)).toEqual(Array.from(makeElementMaps(sim.si, kept).maps[1]!));
    const { jobId } = await app.service['fusion.start']({ datasetId, params });
    const resultId = await resultOf(app.events, jobId, 120_000);
    const result = await app.service['result.get']({ resultId });
    expect(result.result.elements).toEqual(['Co', 'O', 'S']);
    await app.service['project.close']({});
    const saved = JSON.parse(await readFile(path.join(projectDir, 'project.json'), 'utf8')) as { mapSettings: unknown; datasets: { spectrumImage?: string }[] };
    expect(saved.mapSettings).toEqual({ EELS: kept }); // per technique: an EELS window means nothing on an EDX axis
    expect(saved.datasets[0]!.spectrumImage).toBe('EELS');
    const reopened = await app.service['project.open']({ dir: projectDir });
    expect(reopened.datasets).toBe(1);
    expect((await app.service['spectrum.get']({ datasetId })).settings).toEqual(kept);
  }, 180_000);
});

describe('a watched folder with spectrum images (the app)', () => {
  let app: AppFixture;
  afterAll(async () => { await app?.close(); closeHdf5Worker(); });

  it('an SI that lands before any elements are chosen waits; "Make maps" maps and fuses it with the project\'s settings', async () => {
    app = await startApp();
    const root = await temp('fusem-si-watch-');
    const acq = path.join(root, 'acquisitions');
    const staged = path.join(root, 'staged.hspy');
    await mkdir(acq);
    await app.service['project.create']({ dir: path.join(root, 'project'), name: 'watched SI' });
    await app.service['watch.start']({ dir: acq });
    // Lands with no map settings in the project: refused, saying how to choose them.
    await writeSpectrumImageHspy(staged, sim.si, sim.haadf);
    await rename(staged, path.join(acq, 'scan1.hspy'));
    await until(() => app.events.some((e) => e.event === 'watch.event' && e.payload.type === 'dataset-failed'), 60_000);
    const failed = app.events.find((e) => e.event === 'watch.event' && e.payload.type === 'dataset-failed')!;
    expect(JSON.stringify(failed.payload)).toContain('no elements are chosen to map it');
    // The user opens an SI in the project, picks elements and presses "Make maps": the waiting SI is mapped and fused.
    const ds = await app.service['dataset.import']({ file: path.join(acq, 'scan1.hspy'), mode: 'reference' });
    await app.service['spectrum.apply']({ datasetId: ds.id, settings: { elements: ['Co', 'O'] } });
    await until(() => app.events.some((e) => e.event === 'watch.event' && e.payload.type === 'fusion-done'), 120_000);
    await until(() => app.events.some((e) => e.event === 'project.changed' && e.payload.reason === 'results'), 30_000);
    const { results } = await app.service['result.list']({});
    expect(results).toHaveLength(1);
    expect(results[0]!.elements).toEqual(['Co', 'O']);
    const { datasets } = await app.service['dataset.list']({});
    const watched = datasets.find((d) => d.id === results[0]!.datasetId)!;
    expect(watched.spectrumImage).toBe('EELS');
    expect(watched.label).toMatch(/^watched scan1/);
    await app.service['watch.stop']({});
  }, 240_000);
});

describe('the sample spectrum images in the app', () => {
  let app: AppFixture;
  beforeAll(async () => {
    app = await startApp();
    await app.service['project.create']({ dir: path.join(await temp('fusem-si-samples-'), 'project'), name: 'samples' });
  });
  afterAll(async () => { await app?.close(); closeHdf5Worker(); });

  it.skipIf(!hasSample('io/velox_v11_SI_16x16.emd'))('velox_v11_SI_16x16.emd: an EDX SI with its HAADF; lines on 0–40 keV marked; maps made and fused', async () => {
    const ds = await app.service['dataset.import']({ file: join(IO, 'velox_v11_SI_16x16.emd'), mode: 'reference' });
    expect(ds.spectrumImage).toBe('EDX');
    const info = await app.service['spectrum.get']({ datasetId: ds.id });
    expect(info).toMatchObject({ kind: 'EDX', rows: 16, cols: 16, energy: { size: 4096, unit: 'keV' }, hasHaadf: true });
    const names = info.markers.map((m) => `${m.element} ${m.name}`);
    expect(names).toEqual(expect.arrayContaining(['O Kα', 'Cu Kα', 'Fe Kα', 'Au Mα']));
    const m = await app.service['spectrum.map']({ datasetId: ds.id, settings: { elements: ['Cu', 'O'], edxMethod: 'windows', signal: { Cu: [7950, 8150] } } });
    expect(m.provenance[0]!.windows['signal']).toEqual([7950, 8150]);
    expect(m.maps[0]!.image.width).toBe(16);
    // The sample holds ~42 000 counts, nearly all in the zero peak; C Kα has a few dozen: enough to fuse.
    await app.service['spectrum.apply']({ datasetId: ds.id, settings: { elements: ['C'] } });
    const { jobId } = await app.service['fusion.start']({ datasetId: ds.id, params: { ...DEFAULT_PARAMS, iterations: 10, chooseLambda: 'none' } });
    expect((await app.service['result.get']({ resultId: await resultOf(app.events, jobId, 120_000) })).result.elements).toEqual(['C']);
  }, 180_000);

  it.skipIf(!hasSample('io/dm4_EELS_SI.dm4'))('dm4_EELS_SI.dm4: an EELS SI without a HAADF — its counts are shown, fusion refused saying why', async () => {
    const ds = await app.service['dataset.import']({ file: join(IO, 'dm4_EELS_SI.dm4'), mode: 'reference' });
    expect(ds.spectrumImage).toBe('EELS');
    const info = await app.service['spectrum.get']({ datasetId: ds.id });
    expect(info).toMatchObject({ kind: 'EELS', rows: 2, cols: 2, energy: { size: 2048, offset: 300, unit: 'eV' }, hasHaadf: false });
    expect(info.notes.join(' ')).toMatch(/no HAADF image/);
    const data = await app.service['dataset.get']({ datasetId: ds.id });
    const pixel = await app.service['spectrum.region']({ datasetId: ds.id, region: { kind: 'point', x: 0, y: 0 } });
    expect(data.haadf.data[0]).toBeCloseTo(pixel.counts.reduce((a, b) => a + b, 0), -1); // the image shown: total counts
    const settings = { elements: ['O', 'W'], lines: { W: 'M45' } };
    const m = await app.service['spectrum.map']({ datasetId: ds.id, settings });
    expect(m.provenance.map((p) => `${p.element} ${p.line}`)).toEqual(['O K', 'W M5']);
    await app.service['spectrum.apply']({ datasetId: ds.id, settings });
    expect((await app.service['dataset.get']({ datasetId: ds.id })).maps.map((x) => x.element)).toEqual(['O', 'W']);
    const refused = await apiError(app.service['fusion.start']({ datasetId: ds.id, params: { ...DEFAULT_PARAMS, iterations: 5 } }));
    expect(refused.code).toBe('input');
    expect(refused.message).toMatch(/dm4_EELS_SI\.dm4: holds no HAADF image on the spectrum image’s grid, and fusion needs one/);
  });
});

describe('live maps of a large SI keep the service responsive', () => {
  it('spectrum.get and spectrum.map run in the compute process: the service\'s event loop is never held for the mapping', async () => {
    const big = 192;
    const s = simulateEelsSpectrumImage(coreShell({ width: big, height: big, seed: 8 }), { seed: 9, dose: 300 });
    const dir = await temp('fusem-si-big-');
    const file = path.join(dir, 'big.hspy');
    await writeSpectrumImageHspy(file, s.si, s.haadf);
    const app = await startApp();
    try {
      await app.service['project.create']({ dir: path.join(dir, 'project'), name: 'big' });
      const { id } = await app.service['dataset.import']({ file, mode: 'reference' });
      // the longest the service's event loop went without running a timer, while the compute process reads and maps
      let last = performance.now(), held = 0;
      const probe = setInterval(() => { const now = performance.now(); held = Math.max(held, now - last); last = now; }, 5);
      let wall = 0;
      try {
        await app.service['spectrum.get']({ datasetId: id });
        for (const signal of [[532, 580], [532, 590], [532, 600]] as const) {
          const m = await app.service['spectrum.map']({ datasetId: id, settings: { elements: ['Co', 'O', 'S', 'C', 'Fe'], signal: { O: [...signal] } } });
          wall = Math.max(wall, m.wallMs);
        }
      } finally { clearInterval(probe); }
      // in the service (before), each map held the loop for its whole wall time (~0.6 s here; 15 s at 512² × 2048)
      expect(wall).toBeGreaterThan(300);
      expect(held, `event loop held ${held.toFixed(0)} ms while maps took ${wall.toFixed(0)} ms each`).toBeLessThan(wall / 2);
    } finally { await app.close(); }
  }, 180_000);
});
