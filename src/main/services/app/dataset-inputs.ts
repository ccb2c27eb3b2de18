// A project dataset's files as fusion inputs: one file holding the HAADF and labelled maps, or a HAADF file
// plus one file per element named by its label ('scan012_HAADF.tif', 'scan012_Co.tif'), as the watcher groups them.

import path from 'node:path';
import { assertFusable, loadDatasetFile, loadSeparateFiles, type LoadedInputs } from '../../../compute/io/load-inputs.js';
import { InputError } from '../../../compute/io/errors.js';
import type { DataTermChoice as DataTerm } from '../../../compute/model/data-terms/index.js';
import { splitLabel } from '../watcher/naming.js';

/** Read the files of one dataset (absolute paths) and check they can be fused. */
export async function loadDatasetInputs(files: readonly string[], dataTerm: DataTerm): Promise<LoadedInputs> {
  let loaded: LoadedInputs;
  if (files.length === 1) {
    loaded = await loadDatasetFile(files[0]!);
  } else {
    let haadf: string | null = null;
    const maps: [string, string][] = [];
    for (const file of files) {
      const base = path.basename(file, path.extname(file));
      const label = splitLabel(base);
      if (!label) throw new InputError(file, 'its name says neither HAADF nor an element (name files like scan012_HAADF.tif, scan012_Co.tif)');
      if (label.role === 'HAADF') {
        if (haadf) throw new InputError(file, `a second HAADF image beside ${haadf}`);
        haadf = file;
      } else {
        if (maps.some(([el]) => el === label.role)) throw new InputError(file, `a second map of ${label.role}`);
        maps.push([label.role, file]);
      }
    }
    if (!haadf) throw new InputError(files[0]!, 'no HAADF image among the dataset’s files');
    maps.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    loaded = await loadSeparateFiles(haadf, maps);
  }
  assertFusable(loaded, dataTerm);
  return loaded;
}
