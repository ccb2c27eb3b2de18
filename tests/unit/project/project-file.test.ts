// project.json: newer formats refused and left untouched; damaged files fall back to the backup and are kept;
// the validator names every bad field.

import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FUSEM_VERSION } from '../../../src/compute/node/version.js';
import { DEFAULT_PARAMS } from '../../../src/compute/solve/params.js';
import { createProject, openProject, parseProjectText, readProjectFile, validateProjectFile } from '../../../src/main/services/project/index.js';
import { tempDir } from './helpers.js';

async function savedProject(name = 'p'): Promise<string> {
  const dir = path.join(await tempDir(), name);
  const p = await createProject(dir, 'first', { autosaveMs: false });
  p.setName('second');
  await p.save(); // project.json = second, project.json.bak = first
  await p.close();
  return dir;
}

describe('project.json format version', () => {
  it('refuses a project.json of a newer format with the message, and leaves it byte-identical', async () => {
    const dir = await savedProject();
    const file = path.join(dir, 'project.json');
    const newer = JSON.stringify({ formatVersion: 2, fusemVersion: '0.9.0', name: 'from the future', somethingNew: [1, 2, 3] }, null, 2);
    await writeFile(file, newer);
    const bakBefore = await readFile(path.join(dir, 'project.json.bak'));
    const filesBefore = (await readdir(dir)).sort();

    const expected = `${file}: written by fusem 0.9.0 (project format 2); this fusem (${FUSEM_VERSION}) reads format ≤ 1 — update fusem; the project was not changed`;
    await expect(openProject(dir)).rejects.toMatchObject({ code: 'newer-format', message: expected });
    await expect(openProject(dir, { readOnly: true })).rejects.toMatchObject({ code: 'newer-format' });
    // Not even the valid older backup is used in its place.
    expect(await readFile(file, 'utf8')).toBe(newer);
    expect(await readFile(path.join(dir, 'project.json.bak'))).toEqual(bakBefore);
    expect((await readdir(dir)).sort()).toEqual(filesBefore); // no lock, no damaged copy, nothing
  });

  it('accepts the current format and says which fusem is missing when a newer file does not say', () => {
    const r = parseProjectText(JSON.stringify({ formatVersion: 7 }));
    expect(r).toEqual({ ok: false, code: 'newer-format', problem: expect.stringMatching(/^written by a newer fusem \(project format 7\)/) });
  });
});

describe('damaged project.json', () => {
  it('falls back to project.json.bak with a warning that says so, and keeps the damaged file', async () => {
    const dir = await savedProject();
    const file = path.join(dir, 'project.json');
    await writeFile(file, '{"formatVersion": 1, "name": "trunc');
    const p = await openProject(dir, { autosaveMs: false });
    expect(p.name()).toBe('first');
    expect(p.warnings[0]).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not valid JSON .*; opened the backup project\\.json\\.bak \\(saved .*\\) instead`));
    expect(p.warnings[1]).toMatch(/the damaged project\.json was kept as .*project\.json\.damaged-\d{8}-\d{6}$/);
    const damaged = (await readdir(dir)).find((f) => f.startsWith('project.json.damaged-'))!;
    expect(await readFile(path.join(dir, damaged), 'utf8')).toBe('{"formatVersion": 1, "name": "trunc');
    // The next save writes project.json and keeps the good backup.
    p.setName('third');
    await p.save();
    await p.close();
    expect(JSON.parse(await readFile(file, 'utf8')).name).toBe('third');
    expect(JSON.parse(await readFile(path.join(dir, 'project.json.bak'), 'utf8')).name).toBe('first');
  });

  it('read-only open of a damaged project uses the backup and changes nothing', async () => {
    const dir = await savedProject();
    await writeFile(path.join(dir, 'project.json'), '');
    const before = (await readdir(dir)).sort();
    const p = await openProject(dir, { readOnly: true });
    expect(p.name()).toBe('first');
    expect(p.warnings[0]).toMatch(/project\.json is empty; opened the backup/);
    expect((await readdir(dir)).sort()).toEqual(before);
  });

  it('a valid JSON that is not a project is refused field by field, and so is a damaged backup', async () => {
    const dir = await savedProject();
    const file = path.join(dir, 'project.json');
    await writeFile(file, JSON.stringify({ formatVersion: 1, name: 3, datasets: {}, results: [], parameters: { gamma: 'high' } }));
    await writeFile(path.join(dir, 'project.json.bak'), '[');
    const err = (await openProject(dir).then(() => null, (e: unknown) => e)) as Error;
    expect(err).toMatchObject({ code: 'corrupt' });
    expect(err.message).toContain(`${file}: is not a valid fusem project: `);
    expect(err.message).toContain('project.fusemVersion is missing');
    expect(err.message).toContain('project.name must be a string');
    expect(err.message).toContain('(and ');
    expect(err.message).toMatch(/the backup project\.json\.bak is not valid JSON .*; the project was not changed$/);
    expect(await readdir(dir)).not.toContain('.fusem.lock');
  });

  it('a missing project.json with a good backup opens the backup; with none, names the folder', async () => {
    const dir = await savedProject();
    await rm(path.join(dir, 'project.json'));
    const loaded = await readProjectFile(dir);
    expect(loaded.project.name).toBe('first');
    expect(loaded.fromBackup).toBe(true);
    expect(loaded.warnings[0]).toMatch(/project\.json is missing; opened the backup/);
    await rm(path.join(dir, 'project.json.bak'));
    await expect(openProject(dir)).rejects.toMatchObject({ code: 'missing', message: `${dir}: is not a fusem project (it has no project.json)` });
  });
});

describe('validateProjectFile', () => {
  const valid = () => ({
    formatVersion: 1, fusemVersion: '0.1.0', name: 'x', created: '2026-01-01T00:00:00.000Z', createdBy: '0.1.0', modified: '2026-01-01T00:00:00.000Z',
    parameters: { ...DEFAULT_PARAMS }, datasets: [] as unknown[], results: [] as unknown[],
  });

  it('accepts a valid file, fills parameters a newer fusem added, keeps fields it does not know', () => {
    const v: Record<string, unknown> = { ...valid(), futureField: { a: 1 } };
    const { gamma: _, ...older } = DEFAULT_PARAMS as unknown as Record<string, unknown>;
    v['parameters'] = { ...older, futureParam: true };
    const { project, problems } = validateProjectFile(v);
    expect(problems).toEqual([]);
    expect(project!.parameters.gamma).toBe(DEFAULT_PARAMS.gamma);
    expect((project as unknown as Record<string, unknown>)['futureField']).toEqual({ a: 1 });
    expect((project!.parameters as unknown as Record<string, unknown>)['futureParam']).toBe(true);
  });

  it('factors with an uncertainty (issue 12) are kept; a bad uncertainty is named', () => {
    const factors = { kind: 'k-factor', values: { Ga: 1, O: 3.3 }, uncertainty: { O: 0.1 } };
    const ok = validateProjectFile({ ...valid(), factors });
    expect(ok.problems).toEqual([]);
    expect(ok.project!.factors).toEqual(factors);
    expect(validateProjectFile({ ...valid(), factors: { ...factors, uncertainty: { O: -1 } } }).problems[0]).toMatch(/^project\.factors must be .*uncertainty/);
  });

  it('names bad datasets, results, duplicate ids and unsafe ids', () => {
    const v = valid();
    v.datasets = [
      { id: '../escape', label: 'a', mode: 'copy', imported: '2026-01-01T00:00:00Z', files: [{ name: 'a', sha256: 'xyz', bytes: -1, path: 'a' }] },
      { id: 'ds-1', label: 'b', mode: 'move', imported: 'yesterday', files: [] },
      { id: 'ds-1', label: 'c', mode: 'copy', imported: '2026-01-01T00:00:00Z', files: [] },
    ];
    v.results = [{ id: 'res-1', datasetId: 'ds-9' }];
    const { project, problems, warnings } = validateProjectFile(v);
    expect(project).toBeNull();
    expect(problems).toEqual(expect.arrayContaining([
      'project.datasets[0].id must be a plain name (letters, digits, . _ -)',
      'project.datasets[0].files[0].sha256 must be a sha256 (64 hex digits)',
      'project.datasets[0].files[0].bytes must be a byte count',
      'project.datasets[1].mode must be "copy" or "reference"',
      'project.datasets[1].imported must be an ISO date',
      'project.datasets: id ds-1 appears twice',
      'project.results[0].created is missing',
      'project.results[0].shape is missing',
    ]));
    expect(warnings).toEqual(['project.results[0].datasetId ds-9 names no dataset of this project']);
  });

  it('checks parameter types and values with the solver\'s rules', () => {
    const v = valid();
    v.parameters = { ...DEFAULT_PARAMS, lambdaTV: '0.1' as unknown as number };
    expect(validateProjectFile(v).problems).toEqual(['project.parameters.lambdaTV must be a number (got string)']);
    v.parameters = { ...DEFAULT_PARAMS, iterations: 0 };
    expect(validateProjectFile(v).problems).toEqual([expect.stringMatching(/^project\.parameters: iters must be an integer/)]);
  });
});
