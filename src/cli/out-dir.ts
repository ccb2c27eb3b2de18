// Writing a command's --out folder: compute/io/result's atomic result folder, with the CLI's wording of the remedy.

import { InputError } from '../compute/io/errors.js';
import { ResultDirNotEmpty, writeResultDir } from '../compute/io/result/result-dir.js';

/** writeResultDir(out, overwrite, write); a non-empty `out` without --overwrite names the two flags that fix it. */
export async function writeOutDir(out: string, overwrite: boolean, write: (tmpDir: string) => Promise<void>): Promise<void> {
  try {
    await writeResultDir(out, overwrite, write);
  } catch (e) {
    if (e instanceof ResultDirNotEmpty) throw new InputError(e.file, 'exists and is not empty; choose another --out or pass --overwrite');
    throw e;
  }
}
