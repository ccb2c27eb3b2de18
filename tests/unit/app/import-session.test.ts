// Issue 13: a whole session in the app — import (browse, upload, label correction), the project lock per server
// process, result names, results viewable when their inputs are gone, watching a folder that does not exist.

import { existsSync } from 'node:fs';
import { readFile, readdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { formatSig } from '../../../src/compute/util/format.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PARAMS, REFERENCE_TUTORIAL_2 } from '../../../src/compute/solve/params.js';
import { createAppService, type AppService } from '../../../src/main/services/app/index.js';
import { openProject } from '../../../src/main/services/project/index.js';
import { MAX_CHUNK_BASE64 } from '../../../src/shared/api/index.js';
import { startApp, temp, until, writeAcquisition, type AppFixture } from './app-fixture.js';

let app: AppFixture;
let service: AppService;

beforeAll(async () => {
  app = await startApp('fusem-import-config-');
  service = app.service;
});
afterAll(() => app.close());

const fuse = async (datasetId: string, iterations = 4): Promise<string> => {
  const { jobId } = await service['fusion.start']({ datasetId, params: { ...DEFAULT_PARAMS, iterations } });
  await until(() => app.events.some((e) => (e.event === 'fusion.done' || e.event === 'fusion.failed') && e.payload.jobId === jobId));
  const done = app.events.find((e) => e.event === 'fusion.done' && e.payload.jobId === jobId);
  if (!done || done.event !== 'fusion.done') throw new Error('fusion failed');
  return done.payload.resultId;
};

describe('import from the app', () => {
  it('browses a folder: each supported file with kind, shape, elements, role and a thumbnail; an unreadable one with its problem', async () => {
    const acq = await temp('fusem-browse-');
    await writeAcquisition(acq, 'scan001');
    await writeFile(path.join(acq, 'broken_Co.npy'), 'not numpy');
    await writeFile(path.join(acq, 'notes.txt'), 'ignored');
    const listing = await service['files.browse']({ dir: acq });
    expect(listing.files.map((f) => f.name)).toEqual(['broken_Co.npy', 'scan001_Ga.npy', 'scan001_HAADF.npy', 'scan001_O.npy']);
    const haadf = listing.files.find((f) => f.name === 'scan001_HAADF.npy')!;
    expect(haadf).toMatchObject({ kind: 'image', role: 'HAADF', shape: [32, 32], elements: [], problem: null });
    expect(haadf.thumbnail!.width).toBe(32); // 32 px fits in 64: not shrunk
    const ga = listing.files.find((f) => f.name === 'scan001_Ga.npy')!;
    expect(ga).toMatchObject({ role: 'Ga', elements: ['Ga'] });
    const broken = listing.files.find((f) => f.name === 'broken_Co.npy')!;
    expect(broken.kind).toBe('unreadable');
    expect(broken.problem).toContain('broken_Co.npy');
    await expect(service['files.browse']({ dir: path.join(acq, 'no-such') })).rejects.toMatchObject({ code: 'not-found' });
  });

  it('uploads a file in chunks into the project, imports it by copy with a corrected label, and removes the upload', async () => {
    const dir = path.join(await temp('fusem-upload-'), 'p');
    await service['project.create']({ dir, name: 'uploads' });
    const acq = await temp('fusem-upload-acq-');
    const files = await writeAcquisition(acq, 'scan002');
    const paths: string[] = [];
    for (const f of files) {
      const bytes = await readFile(f);
      const { uploadId } = await service['upload.begin']({ name: path.basename(f), bytes: bytes.length });
      let reply = { received: 0, path: null as string | null };
      const step = 1000; // small chunks: several per file
      for (let off = 0; off < bytes.length; off += step) {
        const data = bytes.subarray(off, off + step).toString('base64');
        expect(data.length).toBeLessThanOrEqual(MAX_CHUNK_BASE64);
        reply = await service['upload.chunk']({ uploadId, offset: off, data });
      }
      expect(reply.received).toBe(bytes.length);
      expect(reply.path!.startsWith(dir)).toBe(true);
      paths.push(reply.path!);
    }
    // out of order is refused with the offset expected
    const { uploadId } = await service['upload.begin']({ name: 'x.npy', bytes: 10 });
    await expect(service['upload.chunk']({ uploadId, offset: 5, data: 'AAAA' })).rejects.toThrow(/expected the chunk at byte 0/);
    // a label that names no map is refused, nothing imported
    await expect(service['dataset.import']({ files: paths, mode: 'copy', elements: { Zn: 'Co' } })).rejects.toMatchObject({ code: 'input' });
    const summary = await service['dataset.import']({ files: paths, mode: 'copy', elements: { Ga: 'In' } });
    expect(summary.elements).toEqual(['In', 'O']);
    expect(summary.relabel).toEqual({ Ga: 'In' });
    for (const p of paths) expect(existsSync(p)).toBe(false); // uploads removed once copied
    const data = await service['dataset.get']({ datasetId: summary.id });
    expect(data.maps.map((m) => m.element)).toEqual(['In', 'O']);
    // the correction is in project.json and survives reopening
    await service['project.close']({});
    await service['project.open']({ dir });
    const again = await service['dataset.get']({ datasetId: summary.id });
    expect(again.maps.map((m) => m.element)).toEqual(['In', 'O']);
  }, 60_000);
});

describe('projects across reloads and processes', () => {
  it('reopening the project this process holds (a reload, a second tab) carries on; project.current says which is open', async () => {
    const dir = path.join(await temp('fusem-reload-'), 'p');
    await service['project.create']({ dir, name: 'reload' });
    const acq = await temp('fusem-reload-acq-');
    await service['dataset.import']({ files: await writeAcquisition(acq, 'scan003'), mode: 'copy' });
    expect((await service['project.current']({}))?.dir).toBe(path.resolve(dir));
    const reopened = await service['project.open']({ dir });
    expect(reopened.datasets).toBe(1);
    expect(reopened.readOnly).toBe(false);
    // still writable after the "reload"
    const { datasets } = await service['dataset.list']({});
    expect(await fuse(datasets[0]!.id)).toMatch(/^res-/);
    // another process (here: another opener) still cannot take it for writing
    await expect(openProject(dir)).rejects.toThrow(/project is open in this fusem/);
    // a second service (another fusem process's view) is refused too, but may open it read-only
    const other = await createAppService({ configDir: await temp('fusem-other-'), version: '9.9.9', computeHost: app.host });
    await expect(other['project.open']({ dir })).rejects.toMatchObject({ code: 'conflict' });
    expect((await other['project.open']({ dir, readOnly: true })).readOnly).toBe(true);
    await other.dispose();
  }, 60_000);

  it('names results by dataset, parameters and time; renames them; keeps the inputs so a result shows when its files moved', async () => {
    const dir = path.join(await temp('fusem-names-'), 'p');
    await service['project.create']({ dir, name: 'names' });
    const acq = await temp('fusem-names-acq-');
    const files = await writeAcquisition(acq, 'scan004');
    const ds = await service['dataset.import']({ files, mode: 'reference', label: 'scan004' });
    const resultId = await fuse(ds.id);
    const listed = (await service['result.list']({})).results.find((r) => r.id === resultId)!;
    // the λ it was fused with: chosen from the data by default, so not necessarily the form's 0.01 / 0.03
    const used = (await service['result.get']({ resultId })).result.params;
    expect(listed.label).toBe(`scan004 · λ_TV ${formatSig(used.lambdaTV)}, λ_chem ${formatSig(used.lambdaChem)}, γ 1.7 · ${listed.label!.slice(-5)}`);
    expect(listed.label).toMatch(/ · \d\d:\d\d$/);
    const renamed = await service['result.rename']({ resultId, label: 'first try' });
    expect(renamed.label).toBe('first try');
    await expect(service['result.rename']({ resultId, label: '   ' })).rejects.toMatchObject({ code: 'input' });
    // move the acquisition away: the dataset says which file is missing (not an internal id), the result still shows
    const moved = `${acq}-moved`;
    await rename(acq, moved);
    const summary = (await service['dataset.list']({})).datasets.find((d) => d.id === ds.id)!;
    expect(summary.problem).toContain(files[0]!);
    expect(summary.problem).not.toContain(ds.id);
    await expect(service['dataset.get']({ datasetId: ds.id })).rejects.toThrow(files[0]!);
    const result = await service['result.get']({ resultId });
    expect(result.inputs?.maps.map((m) => m.element)).toEqual(['Ga', 'O']);
    expect(result.inputs?.haadf.data.length).toBe(32 * 32);
    const original = await readdir(path.join(dir, 'results', resultId));
    expect(original).toContain('input_HAADF.npy');
    // the rename is saved
    await service['project.close']({});
    await service['project.open']({ dir });
    expect((await service['result.list']({})).results.find((r) => r.id === resultId)!.label).toBe('first try');
  }, 60_000);

  it('records the preset a result used, read from its values (reference, or custom when anything differs)', async () => {
    const dir = path.join(await temp('fusem-preset-'), 'p');
    await service['project.create']({ dir, name: 'presets' });
    const ds = await service['dataset.import']({ files: await writeAcquisition(await temp('fusem-preset-acq-'), 'scan005'), mode: 'copy', label: 'scan005' });
    const { jobId } = await service['fusion.start']({ datasetId: ds.id, params: { ...REFERENCE_TUTORIAL_2 } });
    await until(() => app.events.some((e) => e.event === 'fusion.done' && e.payload.jobId === jobId));
    const done = app.events.find((e) => e.event === 'fusion.done' && e.payload.jobId === jobId)!;
    const resultId = (done.payload as { resultId: string }).resultId;
    const r = (await service['result.list']({})).results.find((x) => x.id === resultId)!;
    expect(r.label).toMatch(/^scan005 · reference: λ_TV 0\.022, λ_chem 0\.006, γ 1\.6 · \d\d:\d\d$/);
    const report = JSON.parse(await readFile(path.join(dir, 'results', resultId, 'report.json'), 'utf8')) as { notes: string[] };
    expect(report.notes).toContain('parameters: preset reference (the authors’ tutorial 2 setting)');
    const custom = await fuse(ds.id, 3);
    const notes = (JSON.parse(await readFile(path.join(dir, 'results', custom, 'report.json'), 'utf8')) as { notes: string[] }).notes;
    expect(notes).toContain('parameters: custom (not a preset)');
  }, 60_000);

  it('refuses to watch a folder that does not exist, naming it', async () => {
    await expect(service['watch.start']({ dir: '/no/such/folder' })).rejects.toThrow('/no/such/folder does not exist');
    expect((await service['watch.state']({})).running).toBe(false);
  });
});
