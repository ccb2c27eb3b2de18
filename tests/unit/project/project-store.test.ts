// Create / open / save round trips, datasets (copied and referenced), results with provenance, autosave.

import { readFile, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_PARAMS } from '../../../src/compute/solve/params.js';
import { FUSEM_VERSION } from '../../../src/compute/node/version.js';
import { createProject, openProject, PROJECT_FORMAT_VERSION, type ProjectHandle } from '../../../src/main/services/project/index.js';
import { fakeResult, inputFiles, tempDir } from './helpers.js';

const open: ProjectHandle[] = [];
const track = <T extends ProjectHandle>(p: T): T => { open.push(p); return p; };
afterEach(async () => { for (const p of open.splice(0)) await p.close({ discardUnsaved: true }); });

const sha256 = async (f: string) => (await import('node:crypto')).createHash('sha256').update(await readFile(f)).digest('hex');

describe('project store', () => {
  it('creates the folder layout and a readable project.json', async () => {
    const dir = path.join(await tempDir(), 'My Project');
    const p = track(await createProject(dir, 'Co3O4 spinel', { autosaveMs: false }));
    expect((await readdir(dir)).sort()).toEqual(['.fusem.lock', 'datasets', 'exports', 'project.json', 'results']);
    const json = JSON.parse(await readFile(path.join(dir, 'project.json'), 'utf8'));
    expect(json).toMatchObject({ formatVersion: PROJECT_FORMAT_VERSION, fusemVersion: FUSEM_VERSION, createdBy: FUSEM_VERSION, name: 'Co3O4 spinel', datasets: [], results: [] });
    expect(json.parameters).toEqual({ ...DEFAULT_PARAMS });
    expect(p.readOnly).toBe(false);
  });

  it('round-trips everything written: name, parameters, datasets (copy and reference), results with provenance', async () => {
    const root = await tempDir();
    const dir = path.join(root, 'proj');
    const [haadf, mapCo, other] = await inputFiles(root, ['haadf.npy', 'Co.npy', 'elsewhere.emd']);
    const p = track(await createProject(dir, 'round trip', { autosaveMs: false }));

    const copied = await p.importDataset([haadf!, mapCo!], { mode: 'copy', label: 'area 1' });
    expect(copied.id).toMatch(/^ds-\d{8}-\d{6}-[0-9a-f]{4}$/);
    expect(copied.files.map((f) => f.path)).toEqual([`datasets/${copied.id}/haadf.npy`, `datasets/${copied.id}/Co.npy`]);
    expect(copied.files[0]!.sha256).toBe(await sha256(haadf!));
    expect(await readFile(path.join(dir, copied.files[1]!.path), 'utf8')).toBe(await readFile(mapCo!, 'utf8'));

    const referenced = await p.importDataset(other!, { mode: 'reference' });
    expect(referenced.label).toBe('elsewhere.emd');
    expect(referenced.files[0]).toMatchObject({ path: other, relativePath: '../elsewhere.emd', sha256: await sha256(other!) });
    const ref = JSON.parse(await readFile(path.join(dir, 'datasets', referenced.id, 'reference.json'), 'utf8'));
    expect(ref.files[0].sha256).toBe(await sha256(other!));

    const params = { ...DEFAULT_PARAMS, lambdaTV: 0.02, weighting: [1, 2] as number[] };
    p.setParameters(params);
    p.setName('renamed');
    const result = await p.addResult(copied.id, fakeResult('gpu-webgpu'), { label: 'first try', pixelSize: [0.1, 0.1], unit: 'nm' });
    expect(result.id).toMatch(/^res-\d{8}-\d{6}-[0-9a-f]{4}$/);
    const before = p.snapshot();
    await p.close();

    const q = track(await openProject(dir, { autosaveMs: false }));
    expect(q.warnings).toEqual([]);
    const after = q.snapshot();
    expect(after).toEqual(before);
    expect(q.name()).toBe('renamed');
    expect(q.parameters()).toEqual(params);
    expect(q.listDatasets()).toEqual([copied, referenced]);

    const [r] = q.listResults();
    expect(q.listResults(referenced.id)).toEqual([]);
    expect(r).toMatchObject({
      id: result.id, datasetId: copied.id, label: 'first try', dir: `results/${result.id}`, elements: ['Co', 'Mn'], shape: [3, 4],
      fusemVersion: FUSEM_VERSION, backend: 'gpu-webgpu', threads: 2, wallMs: 123.5, iterationsRun: 60, stoppedBy: 'iterations',
    });
    expect(r!.params).toEqual({ ...DEFAULT_PARAMS, stepHaadf: 0.25 });
    expect(r!.inputs.map((i) => i.sha256)).toEqual([await sha256(haadf!), await sha256(mapCo!)]);

    // The result folder: the `fusem fuse` layout plus provenance, readable without fusem.
    const rdir = q.resultDir(result.id);
    expect((await readdir(rdir)).sort()).toEqual(['fused_Co.npy', 'fused_Co.tif', 'fused_Mn.npy', 'fused_Mn.tif', 'provenance.json', 'report.json']);
    expect(r!.files.sort()).toEqual((await readdir(rdir)).sort());
    const report = JSON.parse(await readFile(path.join(rdir, 'report.json'), 'utf8'));
    expect(report).toMatchObject({ fusem: FUSEM_VERSION, backend: 'gpu-webgpu', wallMs: 123.5, pixelSize: [0.1, 0.1], pixelUnit: 'nm', elements: ['Co', 'Mn'] });
    expect(report.inputs.map((i: { sha256: string }) => i.sha256)).toEqual(r!.inputs.map((i) => i.sha256));
    const prov = JSON.parse(await readFile(path.join(rdir, 'provenance.json'), 'utf8'));
    expect(prov).toMatchObject({ result: result.id, dataset: { id: copied.id, label: 'area 1', mode: 'copy' }, fusemVersion: FUSEM_VERSION });

    // Dataset files are found and checked against their sha256.
    expect((await q.datasetFiles(copied.id)).map((f) => f.path)).toEqual([path.join(dir, 'datasets', copied.id, 'haadf.npy'), path.join(dir, 'datasets', copied.id, 'Co.npy')]);
    expect(await q.verifyDataset(referenced.id)).toEqual([]);
    await writeFile(other!, 'changed');
    expect((await q.verifyDataset(referenced.id))[0]).toMatch(/elsewhere\.emd has changed since it was imported/);
  });

  it('keeps the previous project.json as project.json.bak', async () => {
    const dir = path.join(await tempDir(), 'p');
    const p = track(await createProject(dir, 'v1', { autosaveMs: false }));
    p.setName('v2');
    await p.save();
    p.setName('v3');
    await p.save();
    expect(JSON.parse(await readFile(path.join(dir, 'project.json'), 'utf8')).name).toBe('v3');
    expect(JSON.parse(await readFile(path.join(dir, 'project.json.bak'), 'utf8')).name).toBe('v2');
  });

  it('autosaves after a debounce and flushes on close', async () => {
    const dir = path.join(await tempDir(), 'p');
    const p = track(await createProject(dir, 'a', { autosaveMs: 50 }));
    const nameOnDisk = async () => JSON.parse(await readFile(path.join(dir, 'project.json'), 'utf8')).name;
    p.setName('b');
    p.setName('c');
    expect(p.dirty).toBe(true);
    expect(await nameOnDisk()).toBe('a');
    await new Promise((r) => setTimeout(r, 100));
    for (let i = 0; i < 50 && (await nameOnDisk()) !== 'c'; i++) await new Promise((r) => setTimeout(r, 50)); // a slow disk
    expect(await nameOnDisk()).toBe('c');
    expect(p.dirty).toBe(false);

    const q = track(await createProject(path.join(dir, '..', 'q'), 'x', { autosaveMs: 60_000 }));
    q.setName('y');
    await q.close();
    expect(JSON.parse(await readFile(path.join(dir, '..', 'q', 'project.json'), 'utf8')).name).toBe('y');
    await expect(stat(path.join(dir, '..', 'q', '.fusem.lock'))).rejects.toThrow();
    expect(() => q.name()).toThrow(/closed/);
  });

  it('refuses invalid parameters, unknown datasets, a second createProject and a non-empty folder', async () => {
    const root = await tempDir();
    const dir = path.join(root, 'p');
    const p = track(await createProject(dir, 'a', { autosaveMs: false }));
    expect(() => p.setParameters({ ...DEFAULT_PARAMS, gamma: 7 })).toThrow(/gamma must be in/);
    await expect(p.addResult('ds-nope', fakeResult())).rejects.toMatchObject({ code: 'not-found' });
    await expect(p.importDataset(path.join(root, 'absent.npy'), { mode: 'copy' })).rejects.toMatchObject({ code: 'not-found', message: expect.stringMatching(/absent\.npy: does not exist/) });
    await p.close();
    await expect(createProject(dir, 'again')).rejects.toMatchObject({ code: 'exists' });
    await writeFile(path.join(root, 'notes.txt'), 'x');
    await expect(createProject(root, 'here')).rejects.toMatchObject({ code: 'not-empty' });
  });

  it('a read-only handle reads but refuses every change', async () => {
    const dir = path.join(await tempDir(), 'p');
    await (await createProject(dir, 'ro', { autosaveMs: false })).close();
    const p = track(await openProject(dir, { readOnly: true }));
    expect(p.readOnly).toBe(true);
    expect(p.name()).toBe('ro');
    expect(() => p.setName('x')).toThrow(/read-only/);
    await expect(p.importDataset([], { mode: 'copy' })).rejects.toMatchObject({ code: 'read-only' });
  });

  it('opening a folder without project.json names the folder', async () => {
    const root = await tempDir();
    await expect(openProject(root)).rejects.toMatchObject({ code: 'missing', message: `${root}: is not a fusem project (it has no project.json)` });
    await expect(openProject(path.join(root, 'nowhere'))).rejects.toMatchObject({ code: 'missing', message: `${path.join(root, 'nowhere')}: does not exist` });
    expect(await readdir(root)).toEqual([]); // no lock file left behind
  });

  it('removes leftovers of interrupted writes and reports unlisted folders', async () => {
    const dir = path.join(await tempDir(), 'p');
    await (await createProject(dir, 'x', { autosaveMs: false })).close();
    await writeFile(path.join(dir, 'project.json.tmp-12345'), '{"trunc');
    await writeFile(path.join(dir, 'project.json.bak.tmp-12345'), '{"trunc');
    const { mkdir } = await import('node:fs/promises');
    await mkdir(path.join(dir, 'results', 'res-20260101-000000-abcd.partial-999-1'));
    await mkdir(path.join(dir, 'results', 'stray'));
    const p = track(await openProject(dir, { autosaveMs: false }));
    expect(p.warnings).toEqual([`${path.join(dir, 'results', 'stray')} is not listed in project.json (left as it is)`]);
    expect((await readdir(dir)).sort()).toEqual(['.fusem.lock', 'datasets', 'exports', 'project.json', 'results']);
    expect(await readdir(path.join(dir, 'results'))).toEqual(['stray']);
  });
});
