// Import is transactional, and recovery from a damaged project.json rewrites it at once. Before issue 14, kill -9
// during imports left 5–13 orphan dataset folders (renamed into datasets/ before project.json listed them), and after
// opening from project.json.bak only the backup existed until the next save.

import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createProject, openProject, parseProjectText } from '../../../src/main/services/project/index.js';
import { importFiles, IMPORT_MARKER } from '../../../src/main/services/project/datasets.js';
import { REPO, tempDir } from '../project/helpers.js';

const FIXTURE = path.join(REPO, 'tests/unit/safety/fixtures/import-loop.ts');

async function project(): Promise<{ dir: string; src: string[] }> {
  const root = await tempDir();
  const dir = path.join(root, 'p');
  const p = await createProject(dir, 'p', { autosaveMs: false });
  await p.close();
  const src = [path.join(root, 'a.npy'), path.join(root, 'b.npy')];
  for (const f of src) await writeFile(f, Buffer.alloc(200_000, 7));
  return { dir, src };
}

describe('transactional import', () => {
  it('removes a dataset folder whose import was cut off before project.json listed it, and nothing else', async () => {
    const { dir, src } = await project();
    await importFiles(dir, 'ds-cut-off', src, { mode: 'copy' }); // renamed into datasets/, then "killed" before the save
    await mkdir(path.join(dir, 'datasets', 'ds-older-version'), { recursive: true }); // an orphan of an older fusem: no marker
    await writeFile(path.join(dir, 'datasets', 'ds-older-version', 'a.npy'), 'user data');
    const p = await openProject(dir, { autosaveMs: false });
    expect(existsSync(path.join(dir, 'datasets', 'ds-cut-off'))).toBe(false);
    expect(p.warnings.some((w) => /removed .*ds-cut-off: an import that was interrupted/.test(w))).toBe(true);
    expect(existsSync(path.join(dir, 'datasets', 'ds-older-version', 'a.npy'))).toBe(true); // not recognisably ours: kept
    expect(p.warnings.some((w) => /ds-older-version is not listed .*left as it is/.test(w))).toBe(true);
    const ds = await p.importDataset(src, { mode: 'copy' });
    expect(readdirSync(path.join(dir, 'datasets', ds.id)).sort()).toEqual(['a.npy', 'b.npy']); // marker gone once listed
    await p.close();
    const again = await openProject(dir, { autosaveMs: false, readOnly: true });
    expect(again.listDatasets().map((d) => d.id)).toEqual([ds.id]);
  });

  it('leaves no orphan dataset folder after SIGKILL during a loop of imports (4 trials)', async () => {
    const { dir, src } = await project();
    for (let t = 0; t < 4; t++) {
      await new Promise<void>((resolve, reject) => {
        const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE, dir, ...src], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        const guard = setTimeout(() => child.kill('SIGKILL'), 20_000);
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if ((out.match(/imported/g) ?? []).length === 2) setTimeout(() => child.kill('SIGKILL'), 5 + t * 7);
        });
        child.on('error', reject);
        child.on('close', () => { clearTimeout(guard); resolve(); });
      });
      const p = await openProject(dir, { autosaveMs: false, lock: { heartbeatMs: 0 } });
      const listed = new Set(p.listDatasets().map((d) => d.id));
      const folders = readdirSync(path.join(dir, 'datasets'));
      expect(folders.filter((f) => !listed.has(f))).toEqual([]); // every folder is a listed dataset
      for (const f of folders) expect(existsSync(path.join(dir, 'datasets', f, IMPORT_MARKER))).toBe(false);
      await p.close();
    }
  }, 120_000);
});

describe('recovery from a damaged project.json', () => {
  it('rewrites project.json from the backup at once', async () => {
    const { dir } = await project();
    const p = await openProject(dir, { autosaveMs: false });
    p.setName('saved twice');
    await p.save(); // project.json.bak now holds a whole version
    await p.close();
    await writeFile(path.join(dir, 'project.json'), '{"formatVersion": 1, "na'); // damaged
    const q = await openProject(dir, { autosaveMs: false });
    expect(q.warnings.some((w) => /rewritten from the backup/.test(w))).toBe(true);
    const parsed = parseProjectText(await readFile(path.join(dir, 'project.json'), 'utf8'));
    expect(parsed.ok).toBe(true); // at once, before any change or save
    await q.close();
  });
});
