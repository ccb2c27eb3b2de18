// Where project.create and project.open may reach: folders the server's user allowed. A request naming any other
// folder is refused before anything is touched. The roots come from `fusem serve --project-root DIR` (repeatable),
// else from project-roots.txt in the config folder (one folder a line, # comments), else the defaults: the home
// folder, the config folder and the system's temporary folder. Paths are compared after resolving symbolic links.

import { readFile, realpath } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { ApiError } from '../../../shared/api/index.js';
import { nearestExisting } from '../../../compute/io/safe-path.js';

export const PROJECT_ROOTS_FILE = 'project-roots.txt';

/** The roots a server allows: those given, else the config file's, else the defaults. */
export async function projectRoots(configDir: string, given: readonly string[] = []): Promise<string[]> {
  if (given.length > 0) return given.map((r) => path.resolve(r));
  const text = await readFile(path.join(configDir, PROJECT_ROOTS_FILE), 'utf8').catch(() => null);
  const listed = (text ?? '').split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
  if (listed.length > 0) return listed.map((r) => path.resolve(configDir, r));
  return [homedir(), configDir, tmpdir()].map((r) => path.resolve(r));
}

const inside = (p: string, root: string): boolean => {
  const rel = path.relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
};

/** `dir` resolved through the symbolic links of its existing part. */
async function realTarget(dir: string): Promise<string> {
  const abs = path.resolve(dir);
  const near = await nearestExisting(abs).catch(() => ({ dir: abs, missing: [] as string[] }));
  const real = await realpath(near.dir).catch(() => near.dir);
  return path.join(real, ...near.missing);
}

/** Refuse `dir` (forbidden) unless it lies inside one of `roots`. */
export async function assertInsideRoots(dir: string, roots: readonly string[]): Promise<void> {
  const target = await realTarget(dir);
  for (const root of roots) {
    const real = await realpath(root).catch(() => root);
    if (inside(target, real)) return;
  }
  const shown = roots.slice(0, 3).join(', ') + (roots.length > 3 ? `, … (${roots.length})` : '');
  throw new ApiError('forbidden', `${path.resolve(dir).slice(0, 120)} is outside the folders this server may open projects in (${shown}); fusem serve --project-root DIR allows another`);
}
