// Writing a command's --out folder: compute/io/result's atomic result folder, with the CLI's wording of the remedy.

import { InputError } from '../compute/io/errors.js';
import { ResultDirNotEmpty, writeResultDir } from '../compute/io/result/result-dir.js';
import { checkResultTarget } from '../compute/io/result/replace-policy.js';

const worded = (e: unknown): unknown =>
  e instanceof ResultDirNotEmpty ? new InputError(e.file, 'exists and is not empty; choose another --out or pass --overwrite') : e;

/** writeResultDir(out, overwrite, write); a non-empty `out` without --overwrite names the two flags that fix it. */
export async function writeOutDir(out: string, overwrite: boolean, write: (tmpDir: string) => Promise<void>): Promise<void> {
  try {
    await writeResultDir(out, overwrite, write);
  } catch (e) {
    throw worded(e);
  }
}

/** The same checks before any work (compute/io/result/replace-policy.ts), worded alike. */
export async function checkOutDir(out: string, overwrite: boolean): Promise<void> {
  try {
    await checkResultTarget(out, overwrite);
  } catch (e) {
    throw worded(e);
  }
}
