// The recent-projects list (at most 10, most recent first, folders that are gone pruned), kept under the key
// "recentProjects" of a settings JSON file in a config folder the caller gives (Electron: app.getPath('userData')).
// Other keys of that file are kept; the file is replaced atomically; a damaged one is moved aside, not lost.

import { mkdir, readFile, rename, stat } from 'node:fs/promises';
import path from 'node:path';
import { serialize, writeFileDurable } from './durable-write.js';
import { errnoOf, messageOf } from './errors.js';
import { stamp } from './ids.js';
import { BACKUP_FILE, PROJECT_FILE } from './project-schema.js';

export const RECENT_MAX = 10;
export const SETTINGS_FILE = 'settings.json';
const KEY = 'recentProjects';

export interface RecentProject {
  /** Absolute path of the project folder. */
  dir: string;
  name: string;
  /** ISO time it was last opened. */
  opened: string;
}

export interface RecentOptions {
  /** Settings file name inside the config folder (default settings.json). */
  file?: string;
  /** Called with what went wrong reading the settings (the list is then empty or partial). */
  onWarning?: (message: string) => void;
}

const sameDir = (a: string, b: string): boolean =>
  process.platform === 'win32' || process.platform === 'darwin' ? a.toLowerCase() === b.toLowerCase() : a === b;

async function isProject(dir: string): Promise<boolean> {
  for (const f of [PROJECT_FILE, BACKUP_FILE]) {
    if (await stat(path.join(dir, f)).then((s) => s.isFile(), () => false)) return true;
  }
  return false;
}

type Settings = Record<string, unknown>;

async function readSettings(file: string, warn: (m: string) => void): Promise<{ settings: Settings; damaged: boolean }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if (errnoOf(e) !== 'ENOENT') warn(`${file}: cannot be read (${messageOf(e)}); recent projects not shown`);
    return { settings: {}, damaged: errnoOf(e) !== 'ENOENT' };
  }
  try {
    const v: unknown = JSON.parse(text);
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) return { settings: v as Settings, damaged: false };
    warn(`${file}: is not a JSON object; recent projects not shown`);
  } catch (e) {
    warn(`${file}: is not valid JSON (${messageOf(e)}); recent projects not shown`);
  }
  return { settings: {}, damaged: true };
}

function entriesOf(settings: Settings): RecentProject[] {
  const list = settings[KEY];
  if (!Array.isArray(list)) return [];
  return list.filter((e): e is RecentProject =>
    typeof e === 'object' && e !== null && typeof e.dir === 'string' && path.isAbsolute(e.dir) && typeof e.name === 'string' && typeof e.opened === 'string');
}

async function tidyList(list: RecentProject[]): Promise<RecentProject[]> {
  const out: RecentProject[] = [];
  for (const e of list) {
    if (out.some((o) => sameDir(o.dir, e.dir))) continue;
    if (!(await isProject(e.dir))) continue;
    out.push(e);
    if (out.length === RECENT_MAX) break;
  }
  return out;
}

/** The recent projects, most recent first, without folders that are no longer projects. */
export async function readRecent(configDir: string, options: RecentOptions = {}): Promise<RecentProject[]> {
  const file = path.join(configDir, options.file ?? SETTINGS_FILE);
  const { settings } = await readSettings(file, options.onWarning ?? (() => undefined));
  return tidyList(entriesOf(settings));
}

async function update(configDir: string, options: RecentOptions, change: (list: RecentProject[]) => RecentProject[]): Promise<RecentProject[]> {
  const file = path.join(configDir, options.file ?? SETTINGS_FILE);
  return serialize(file, async () => {
    await mkdir(configDir, { recursive: true });
    const { settings, damaged } = await readSettings(file, options.onWarning ?? (() => undefined));
    if (damaged) {
      const aside = `${file}.damaged-${stamp(new Date())}`;
      await rename(file, aside).then(() => options.onWarning?.(`${file}: kept the damaged file as ${aside}`), () => undefined);
    }
    const list = await tidyList(change(entriesOf(settings)));
    await writeFileDurable(file, JSON.stringify({ ...settings, [KEY]: list }, null, 1) + '\n');
    return list;
  });
}

/** Put project `dir` first in the list (once), stamped now; returns the new list. */
export function addRecent(configDir: string, project: { dir: string; name: string }, options: RecentOptions = {}, at: Date = new Date()): Promise<RecentProject[]> {
  const dir = path.resolve(project.dir);
  return update(configDir, options, (list) => [{ dir, name: project.name, opened: at.toISOString() }, ...list.filter((e) => !sameDir(e.dir, dir))]);
}

/** Take project `dir` off the list; returns the new list. */
export function removeRecent(configDir: string, dir: string, options: RecentOptions = {}): Promise<RecentProject[]> {
  const abs = path.resolve(dir);
  return update(configDir, options, (list) => list.filter((e) => !sameDir(e.dir, abs)));
}
