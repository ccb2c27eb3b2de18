import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ComputeHost } from '../../../src/compute/host/index.js';
import { DEFAULT_PARAMS } from '../../../src/compute/solve/params.js';
import { createAppService, type AppService } from '../../../src/main/services/app/index.js';
import { startApp, temp, until, writeAcquisition, type AppFixture } from './app-fixture.js';
import { ApiError, type ApiEvent } from '../../../src/shared/api/index.js';

let app: AppFixture;
let host: ComputeHost;
let service: AppService;
let configDir: string;
let events: ApiEvent[];

beforeAll(async () => {
  app = await startApp();
  ({ service, host, configDir, events } = app);
});

afterAll(() => app.close());

describe('the app service', () => {
  it('refuses project requests while no project is open', async () => {
    await expect(service['dataset.list']({})).rejects.toMatchObject({ code: 'conflict' });
  });

  it('opens the built-in demo, reads its dataset, fuses it on the compute host and stores the result', async () => {
    const project = await service['demo.open']({});
    expect(project.datasets).toBe(1);
    expect(events.some((e) => e.event === 'project.changed' && e.payload.reason === 'opened')).toBe(true);
    const { datasets } = await service['dataset.list']({});
    const data = await service['dataset.get']({ datasetId: datasets[0]!.id });
    expect(data.maps.map((m) => m.element)).toEqual(['Co', 'O', 'S']);
    expect([data.haadf.height, data.haadf.width]).toEqual([256, 256]);

    const { jobId } = await service['fusion.start']({ datasetId: datasets[0]!.id, params: { ...DEFAULT_PARAMS, iterations: 6 } });
    await until(() => events.some((e) => e.event === 'fusion.done' && e.payload.jobId === jobId));
    const progress = events.filter((e) => e.event === 'fusion.progress' && e.payload.jobId === jobId);
    expect(progress).toHaveLength(6);
    const { results } = await service['result.list']({});
    expect(results).toHaveLength(1);
    const result = await service['result.get']({ resultId: results[0]!.id });
    expect(result.maps.map((m) => m.element)).toEqual(['Co', 'O', 'S']);
    expect(result.history).toHaveLength(6);
    expect(result.maps[0]!.image.data.length).toBe(256 * 256);
    // the demo project reopens from disk with its result
    await service['project.close']({});
    expect((await service['demo.open']({})).results).toBe(1);
  }, 60_000);

  it('imports separate files named by element, and refuses a file that is not an image without importing it', async () => {
    const dir = await temp('fusem-app-project-');
    const acquisition = await temp('fusem-app-acq-');
    await service['project.create']({ dir: path.join(dir, 'p'), name: 'films' });
    const files = await writeAcquisition(acquisition, 'scan001');
    const summary = await service['dataset.import']({ files, mode: 'reference' });
    expect(summary.elements).toEqual(['Ga', 'O']);
    expect(summary.shape).toEqual([32, 32]);
    const junk = path.join(acquisition, 'scan002_Ga.npy');
    await writeFile(junk, 'not numpy');
    const refused = service['dataset.import']({ files: [files[0]!, junk], mode: 'copy' });
    await expect(refused).rejects.toBeInstanceOf(ApiError);
    await expect(refused).rejects.toMatchObject({ code: 'input' });
    expect((await service['dataset.list']({})).datasets).toHaveLength(1);
  });

  it('watches an acquisition folder: a dataset dropped in is fused as a preview job into <project>/watch/', async () => {
    const acquisition = await temp('fusem-app-watch-');
    const state = await service['watch.start']({ dir: acquisition });
    expect(state.running).toBe(true);
    await writeAcquisition(acquisition, 'scan007');
    await until(() => events.some((e) => e.event === 'watch.event' && e.payload.type === 'fusion-done'));
    const done = events.find((e) => e.event === 'watch.event' && e.payload.type === 'fusion-done')!;
    const resultDir = (done.payload as { resultDir: string }).resultDir;
    expect(existsSync(path.join(resultDir, 'report.json'))).toBe(true);
    expect(resultDir.startsWith(path.join((await service['watch.state']({})).out!))).toBe(true);
    // with a writable project open, the acquisition and its result are in the project too
    const watched = (await service['dataset.list']({})).datasets.find((d) => d.label === 'watched scan007');
    expect(watched?.mode).toBe('reference');
    expect((await service['result.list']({})).results.some((r) => r.datasetId === watched!.id)).toBe(true);
    expect((await service['watch.stop']({})).running).toBe(false);
  }, 60_000);

  it('keeps settings across restarts', async () => {
    await service['settings.set']({ previewEvery: 3, theme: 'dark' });
    const again = await createAppService({ configDir, version: '9.9.9', computeHost: host });
    expect(await again['settings.get']({})).toMatchObject({ previewEvery: 3, theme: 'dark' });
    await again.dispose();
  });
});

describe('measuring and exporting a result', () => {
  it('click-measures the demo’s core and shell within 5 percentage points of the truth, and exports PNG/SVG/PDF/TIFF', async () => {
    const { coreShell, deepestPixel } = await import('../../../src/compute/simulate/index.js');
    await service['project.close']({});
    const demoDir = path.join(configDir, 'demo-project');
    const { rm } = await import('node:fs/promises');
    await rm(demoDir, { recursive: true, force: true });
    await service['demo.open']({});
    const { datasets } = await service['dataset.list']({});
    const data = await service['dataset.get']({ datasetId: datasets[0]!.id });
    expect(data.pixelSize).toEqual({ value: 0.25, unit: 'nm' });
    const { jobId } = await service['fusion.start']({ datasetId: datasets[0]!.id, params: DEFAULT_PARAMS });
    await until(() => events.some((e) => (e.event === 'fusion.done' || e.event === 'fusion.failed') && e.payload.jobId === jobId), 80_000);
    expect(events.find((e) => e.event === 'fusion.failed' && e.payload.jobId === jobId)?.payload).toBeUndefined();
    const resultId = (events.find((e) => e.event === 'fusion.done' && e.payload.jobId === jobId)!.payload as { resultId: string }).resultId;
    // λ chosen from the data first: search events (one per validation fusion) before the fusion's first iteration,
    // and the result's λ are among those tried
    const ofJob = events.filter((e) => 'jobId' in e.payload && e.payload.jobId === jobId);
    const searches = ofJob.filter((e) => e.event === 'fusion.search').map((e) => e.payload as { done: number; lambdaTV: number; lambdaChem: number });
    expect(searches.length).toBeGreaterThan(1);
    expect(searches.map((e) => e.done)).toEqual(searches.map((_, k) => k + 1));
    expect(ofJob.findIndex((e) => e.event === 'fusion.progress')).toBeGreaterThan(ofJob.findLastIndex((e) => e.event === 'fusion.search'));
    const fusedWith = (await service['result.get']({ resultId })).result.params;
    expect(searches.some((e) => e.lambdaTV === fusedWith.lambdaTV && e.lambdaChem === fusedWith.lambdaChem)).toBe(true);

    const phantom = coreShell({ width: 256, height: 256, seed: 1 });
    for (const region of phantom.regions!) {
      const at = deepestPixel(region.mask, 256, 256)!;
      const measured = await service['quantify.region']({ resultId, region: { kind: 'point', x: at.x + 0.5, y: at.y + 0.5 } });
      expect(measured.pixels).toBe(1);
      for (const e of measured.elements) expect(Math.abs(e.percent.mean - 100 * region.composition[e.element]!), `${region.name} ${e.element}`).toBeLessThan(5);
    }
    const box = await service['quantify.region']({ resultId, region: { kind: 'rect', x: 0, y: 0, width: 256, height: 256 } });
    expect(box.pixels).toBe(256 * 256);

    const { readFile } = await import('node:fs/promises');
    const png = (await service['export.figure']({ resultId, format: 'png' })).file;
    const bytes = await readFile(png);
    expect([bytes.readUInt32BE(16), bytes.readUInt32BE(20)]).toEqual([256, 256]); // IHDR width, height
    const svg = await readFile((await service['export.figure']({ resultId, format: 'svg' })).file, 'utf8');
    expect(svg).toMatch(/>\s*(10|20|5) nm\s*</);
    const pdf = await readFile((await service['export.figure']({ resultId, format: 'pdf', layout: 'overlay' })).file, 'latin1');
    expect(pdf.startsWith('%PDF-1.4')).toBe(true);
    expect(pdf).toMatch(/\((10|20|5) nm\) Tj/);
    const tiffs = (await service['export.data']({ resultId, format: 'tiff' })).files;
    expect(tiffs.map((f) => path.basename(f))).toEqual([`${resultId}-fused_Co.tif`, `${resultId}-fused_O.tif`, `${resultId}-fused_S.tif`]);
    expect(JSON.parse(await readFile(`${tiffs[0]}.json`, 'utf8'))).toMatchObject({ kind: 'data', resultId, element: 'Co', format: 'tiff' });
    await expect(service['export.figure']({ resultId, format: 'png', elements: ['Zn'] })).rejects.toMatchObject({ code: 'bad-request' });
  }, 90_000);
});
