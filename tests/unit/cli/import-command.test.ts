// `fusem import PROJECT FILE…`: adds a dataset as the app's Import does; bad input exits 2 with one line.

import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeAcquisition } from '../app/app-fixture.js';
import { runCli, tempDir } from './cli-helpers.js';

describe('fusem import', () => {
  it('copies separate files into a project made with --create, with a corrected element label', async () => {
    const acq = await tempDir('fusem-cli-acq-');
    const files = await writeAcquisition(acq, 'scan009');
    const dir = path.join(await tempDir('fusem-cli-import-'), 'p');
    const refused = await runCli(['import', dir, ...files]);
    expect(refused.code).toBe(2);
    expect(refused.err).toHaveLength(1);
    expect(refused.err[0]).toContain('add --create');
    const run = await runCli(['import', dir, ...files, '--create', '--element', 'Ga=In', '--json']);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.out[0]!) as { dataset: { id: string; elements: string[]; mode: string } };
    expect(out.dataset.elements).toEqual(['In', 'O']);
    expect(out.dataset.mode).toBe('copy');
    expect(existsSync(path.join(dir, 'datasets', out.dataset.id, 'scan009_HAADF.npy'))).toBe(true);
    const project = JSON.parse(await readFile(path.join(dir, 'project.json'), 'utf8')) as { datasets: { relabel?: Record<string, string> }[] };
    expect(project.datasets[0]!.relabel).toEqual({ Ga: 'In' });
    expect(existsSync(path.join(dir, '.fusem.lock'))).toBe(false); // released
  });

  it('exits 2 with one line naming the file for a missing file, a file that is not a dataset and a bad --element', async () => {
    const dir = path.join(await tempDir('fusem-cli-import-'), 'p');
    const missing = await runCli(['import', dir, '/no/such/file.emd', '--create']);
    expect(missing.code).toBe(2);
    expect(missing.err).toEqual(['fusem import: /no/such/file.emd does not exist']);
    const acq = await tempDir('fusem-cli-acq-');
    const [haadf] = await writeAcquisition(acq, 'scan010');
    const lonely = await runCli(['import', dir, haadf!, '--create']);
    expect(lonely.code).toBe(2);
    expect(lonely.err).toHaveLength(1);
    expect(lonely.err[0]).toContain(haadf!);
    const bad = await runCli(['import', dir, haadf!, '--element', 'Ga=Qq']);
    expect(bad.code).toBe(2);
    expect(bad.err[0]).toContain('"Qq" is not an element symbol');
    const usage = await runCli(['import', dir]);
    expect(usage.code).toBe(2);
    expect(usage.err[0]).toContain('usage: fusem import');
  });
});
