// The recent-projects list: most recent first, no duplicates, at most 10, gone folders pruned, other settings kept.

import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { addRecent, readRecent, removeRecent, RECENT_MAX } from '../../../src/main/services/project/index.js';
import { tempDir } from './helpers.js';

/** Folders that look like projects (a project.json in each). */
async function projects(root: string, n: number): Promise<string[]> {
  const dirs: string[] = [];
  for (let i = 0; i < n; i++) {
    const d = path.join(root, `p${i}`);
    await mkdir(d, { recursive: true });
    await writeFile(path.join(d, 'project.json'), '{}');
    dirs.push(d);
  }
  return dirs;
}

const at = (s: number) => new Date(Date.UTC(2026, 10, 25, 12, 0, s));

describe('recent projects', () => {
  it('lists most recent first, without duplicates', async () => {
    const config = path.join(await tempDir(), 'config');
    const [a, b, c] = await projects(path.dirname(config), 3);
    await addRecent(config, { dir: a!, name: 'A' }, {}, at(1));
    await addRecent(config, { dir: b!, name: 'B' }, {}, at(2));
    await addRecent(config, { dir: c!, name: 'C' }, {}, at(3));
    const list = await addRecent(config, { dir: `${a}/./`, name: 'A renamed' }, {}, at(4)); // same folder, spelled differently
    expect(list).toEqual([
      { dir: a, name: 'A renamed', opened: at(4).toISOString() },
      { dir: c, name: 'C', opened: at(3).toISOString() },
      { dir: b, name: 'B', opened: at(2).toISOString() },
    ]);
    expect(await readRecent(config)).toEqual(list);
    expect(await removeRecent(config, c!)).toEqual([list[0], list[2]]);
  });

  it(`keeps at most ${RECENT_MAX}`, async () => {
    const config = path.join(await tempDir(), 'config');
    const dirs = await projects(path.dirname(config), 13);
    for (const [i, d] of dirs.entries()) await addRecent(config, { dir: d, name: `P${i}` }, {}, at(i));
    const list = await readRecent(config);
    expect(list).toHaveLength(RECENT_MAX);
    expect(list.map((e) => e.name)).toEqual(['P12', 'P11', 'P10', 'P9', 'P8', 'P7', 'P6', 'P5', 'P4', 'P3']);
  });

  it('prunes folders that are gone or no longer projects', async () => {
    const config = path.join(await tempDir(), 'config');
    const [a, b, c] = await projects(path.dirname(config), 3);
    for (const [i, d] of [a!, b!, c!].entries()) await addRecent(config, { dir: d, name: String(i) }, {}, at(i));
    await rm(b!, { recursive: true });
    await rm(path.join(c!, 'project.json'));
    expect((await readRecent(config)).map((e) => e.dir)).toEqual([a]);
    const stored = JSON.parse(await readFile(path.join(config, 'settings.json'), 'utf8'));
    expect(stored.recentProjects).toHaveLength(3); // reading does not write
    await addRecent(config, { dir: a!, name: 'again' });
    expect(JSON.parse(await readFile(path.join(config, 'settings.json'), 'utf8')).recentProjects.map((e: { dir: string }) => e.dir)).toEqual([a]);
  });

  it('keeps the other settings, writes atomically, and moves a damaged settings file aside', async () => {
    const config = path.join(await tempDir(), 'config');
    const [a] = await projects(path.dirname(config), 1);
    await mkdir(config);
    await writeFile(path.join(config, 'settings.json'), JSON.stringify({ theme: 'dark', recentProjects: 'garbage' }));
    await addRecent(config, { dir: a!, name: 'A' }, {}, at(0));
    const stored = JSON.parse(await readFile(path.join(config, 'settings.json'), 'utf8'));
    expect(stored).toEqual({ theme: 'dark', recentProjects: [{ dir: a, name: 'A', opened: at(0).toISOString() }] });

    await writeFile(path.join(config, 'settings.json'), '{"theme": "da');
    const warnings: string[] = [];
    expect(await readRecent(config, { onWarning: (w) => warnings.push(w) })).toEqual([]);
    expect(warnings[0]).toMatch(/settings\.json: is not valid JSON/);
    await addRecent(config, { dir: a!, name: 'A' }, { onWarning: (w) => warnings.push(w) });
    const files = (await readdir(config)).sort();
    expect(files).toEqual(['settings.json', expect.stringMatching(/^settings\.json\.damaged-\d{8}-\d{6}$/)]);
    expect(await readFile(path.join(config, files[1]!), 'utf8')).toBe('{"theme": "da');
  });

  it('concurrent additions in one process are all kept', async () => {
    const config = path.join(await tempDir(), 'config');
    const dirs = await projects(path.dirname(config), 5);
    await Promise.all(dirs.map((d, i) => addRecent(config, { dir: d, name: `P${i}` })));
    expect((await readRecent(config)).map((e) => e.name).sort()).toEqual(['P0', 'P1', 'P2', 'P3', 'P4']);
  });
});
