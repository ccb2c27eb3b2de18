// SIGKILL at random moments while another process saves a large project.json in a loop: afterwards
// project.json (and project.json.bak) always parse and hold a whole version — the previous or the new one.

import { spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FUSEM_VERSION } from '../../../src/compute/node/version.js';
import { DEFAULT_PARAMS } from '../../../src/compute/solve/params.js';
import {
  createProject, openProject, parseProjectText, writeProjectFile, type ProjectFile, type ResultRecord,
} from '../../../src/main/services/project/index.js';
import { rng } from '../helpers.js';
import { FIXTURES, REPO, tempDir } from './helpers.js';

const RESULTS = 2500;
const TRIALS = 6;

/** A project with many results: project.json of a few MB, so that a save takes a while. */
async function largeProject(): Promise<{ dir: string; results: ResultRecord[] }> {
  const dir = path.join(await tempDir(), 'big');
  const p = await createProject(dir, 'big', { autosaveMs: false });
  const base = p.snapshot();
  await p.close();
  const ds = { id: 'ds-20260101-000000-0000', label: 'dataset', mode: 'reference' as const, imported: base.created, files: [{ name: 'a.emd', sha256: 'a'.repeat(64), bytes: 1, path: '/data/a.emd' }] };
  const results: ResultRecord[] = Array.from({ length: RESULTS }, (_, i) => ({
    id: `res-20260101-000000-${i.toString(16).padStart(4, '0')}`, datasetId: ds.id, label: `trial ${i} ${'·'.repeat(i % 50)}`,
    created: base.created, dir: `results/res-${i}`, elements: ['Co', 'Mn', 'O'], shape: [512, 512], units: 'counts',
    params: { ...DEFAULT_PARAMS, stepHaadf: 0.3, lambdaTV: i / 1e5 }, inputs: [{ role: 'dataset', file: '/data/a.emd', sha256: 'a'.repeat(64) }],
    fusemVersion: FUSEM_VERSION, backend: 'cpu', threads: 2, wallMs: i, iterationsRun: 60, stoppedBy: 'iterations',
    files: ['fused_Co.npy', 'fused_Co.tif', 'fused_Mn.npy', 'fused_Mn.tif', 'fused_O.npy', 'fused_O.tif', 'report.json', 'provenance.json'],
  }));
  const big: ProjectFile = { ...base, datasets: [ds], results };
  await writeProjectFile(dir, big);
  await writeProjectFile(dir, big); // project.json.bak too holds the results (else a kill before the first save finds the empty one there)
  return { dir, results };
}

interface Trial { opened: number; lastSaved: number; warnings: string[] }

/** Run the save loop and SIGKILL it `delayMs` after it has opened the project. */
function saveAndKill(dir: string, delayMs: number): Promise<Trial> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(FIXTURES, 'save-loop.ts'), dir], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', err = '', killTimer: NodeJS.Timeout | null = null;
    const guard = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (killTimer === null && out.includes('\n')) killTimer = setTimeout(() => child.kill('SIGKILL'), delayMs);
    });
    child.on('error', reject);
    child.on('close', (_code, signal) => {
      clearTimeout(guard);
      if (signal !== 'SIGKILL' || killTimer === null) { reject(new Error(`save loop ended on its own (${signal}): ${err}`)); return; }
      const lines = out.trim().split('\n');
      const m = /^opened (\d+) (.*)$/.exec(lines[0]!)!;
      const saved = lines.slice(1).filter((l) => /^saved \d+$/.test(l)).map((l) => Number(l.slice(6)));
      resolve({ opened: Number(m[1]), lastSaved: saved.length ? Math.max(...saved) : Number(m[1]), warnings: JSON.parse(m[2]!) as string[] });
    });
  });
}

async function readVersion(file: string, results: ResultRecord[]): Promise<number> {
  const parsed = parseProjectText(await readFile(file, 'utf8'));
  if (!parsed.ok) throw new Error(`${file}: ${parsed.problem}`);
  expect(parsed.project.results).toEqual(results); // whole, not truncated
  return parsed.project.parameters.iterations;
}

describe('kill during save', () => {
  it(`leaves project.json whole (previous or new version) after SIGKILL at random moments (${TRIALS} trials)`, async () => {
    const { dir, results } = await largeProject();
    const random = rng(20261125);
    let expectedOpen = DEFAULT_PARAMS.iterations;
    let savesSeen = 0;
    for (let t = 0; t < TRIALS; t++) {
      const trial = await saveAndKill(dir, Math.floor(random() * 250));
      expect(trial.opened).toBe(expectedOpen); // the previous trial's last version was read back
      if (t > 0) expect(trial.warnings.some((w) => /took over a stale lock of pid \d+ .*no longer running/.test(w))).toBe(true);
      const version = await readVersion(path.join(dir, 'project.json'), results);
      expect([trial.lastSaved, trial.lastSaved + 1]).toContain(version);
      const backup = await readVersion(path.join(dir, 'project.json.bak'), results);
      expect(backup).toBeLessThanOrEqual(version);
      savesSeen += trial.lastSaved - trial.opened;
      expectedOpen = version;
    }
    expect(savesSeen).toBeGreaterThan(0); // the kills did land among saves
    const p = await openProject(dir, { autosaveMs: false });
    expect(p.parameters().iterations).toBe(expectedOpen);
    expect((await readdir(dir)).filter((f) => f.includes('.tmp-'))).toEqual([]); // leftovers removed
    await p.close();
  });
});
