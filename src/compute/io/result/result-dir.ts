// Writing a result directory so that it is complete or absent: everything goes into a sibling
// temporary directory that is renamed into place at the end. An existing non-empty directory is
// never overwritten unless asked, and then it is moved aside first, never half-replaced.

import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../errors.js';

/** The target exists and holds something, and replacing it was not asked for. Callers word the remedy (the CLI: --out / --overwrite). */
export class ResultDirNotEmpty extends InputError {
  constructor(dir: string) {
    super(dir, 'exists and is not empty; fusem does not replace it unless asked to');
  }
}

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
  const target = path.resolve(dir);
  const empty = await isEmptyDir(target);
  if (empty === false && !overwrite) throw new ResultDirNotEmpty(dir);
  await mkdir(path.dirname(target), { recursive: true });
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
    const aside = `${target}.replaced-${process.pid}-${Date.now()}`;
    await rename(target, aside);
    await rename(tmp, target);
    await rm(aside, { recursive: true, force: true });
  } else {
    await rename(tmp, target);
  }
}
