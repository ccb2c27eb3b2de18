// Writing a result directory so that it is complete or absent: everything goes into a sibling
// temporary directory that is renamed into place at the end. An existing non-empty directory is
// never overwritten unless asked and recognisably a fusem result (replace-policy.ts), and then it is
// moved aside first and removed only once the new one is in place, never half-replaced.

import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { mkdirBounded } from '../safe-path.js';
import { checkResultTarget } from './replace-policy.js';

export { ResultDirNotEmpty } from './replace-policy.js';

async function isEmptyDir(dir: string): Promise<boolean | null> {
  try {
    if (!(await stat(dir)).isDirectory()) return false;
    return (await readdir(dir)).length === 0;
  } catch {
    return null; // does not exist
  }
}

/**
 * Run `write(tmpDir)` and move its output to `dir`. `dir` must not exist, be empty, or (with
 * `overwrite`) is replaced as a whole. On failure the temporary directory is removed and `dir` is untouched.
 */
export async function writeResultDir(dir: string, overwrite: boolean, write: (tmpDir: string) => Promise<void>): Promise<void> {
  const target = await checkResultTarget(dir, overwrite); // replaces only a fusem result; no /proc, root or home
  const empty = await isEmptyDir(target);
  await mkdirBounded(path.dirname(target));
  const tmp = `${target}.partial-${process.pid}-${Date.now()}`;
  await mkdir(tmp);
  try {
    await write(tmp);
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    throw e;
  }
  if (empty === true) await rm(target, { recursive: true });
  if (empty === false) {
    // the old result stays as a .previous sibling until the new one is in place; if that fails it is put back
    const aside = `${target}.previous-${process.pid}-${Date.now()}`;
    await rename(target, aside);
    try {
      await rename(tmp, target);
    } catch (e) {
      await rename(aside, target).catch(() => undefined);
      await rm(tmp, { recursive: true, force: true });
      throw e;
    }
    await rm(aside, { recursive: true, force: true });
  } else {
    await rename(tmp, target);
  }
}
