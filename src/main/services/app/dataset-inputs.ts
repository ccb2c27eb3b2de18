// A project dataset's files as fusion inputs: one file holding the HAADF and labelled maps, or a HAADF file
// plus one file per element named by its label ('scan012_HAADF.tif', 'scan012_Co.tif'), as the watcher groups them.

import path from 'node:path';
import { assertFusable, loadDatasetFile, loadSeparateFiles, type LoadedInputs } from '../../../compute/io/load-inputs.js';
import { InputError } from '../../../compute/io/errors.js';
import type { DataTermChoice as DataTerm } from '../../../compute/model/data-terms/index.js';
import { splitLabel } from '../watcher/naming.js';
import { parseElementLabel } from '../../../compute/io/index.js';

/** Read the files of one dataset (absolute paths) and check they can be fused. */
export async function loadDatasetInputs(files: readonly string[], dataTerm: DataTerm, relabel?: Readonly<Record<string, string>>): Promise<LoadedInputs> {
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
  loaded = applyRelabel(loaded, relabel);
  assertFusable(loaded, dataTerm);
  return loaded;
}

/**
 * The inputs with their element labels corrected (`relabel`: as read → as used); refuses a label that names no map
 * read, a symbol that is no element, and two maps ending with one label.
 */
export function applyRelabel(loaded: LoadedInputs, relabel: Readonly<Record<string, string>> | undefined): LoadedInputs {
  if (!relabel || Object.keys(relabel).length === 0) return loaded;
  const where = loaded.files[0]?.file ?? 'the dataset';
  const read = loaded.inputs.elements;
  for (const [from, to] of Object.entries(relabel)) {
    if (!read.includes(from)) throw new InputError(where, `has no map labelled ${from} to relabel (its maps: ${read.join(', ') || 'none'})`);
    if (parseElementLabel(to) !== to) throw new InputError(where, `"${to}" is not an element symbol (the map read as ${from} cannot be relabelled to it)`);
  }
  const elements = read.map((el) => relabel[el] ?? el);
  const twice = elements.find((el, i) => elements.indexOf(el) !== i);
  if (twice !== undefined) throw new InputError(where, `two maps would both be labelled ${twice}; give each map its own element`);
  return {
    ...loaded,
    inputs: { ...loaded.inputs, elements },
    files: loaded.files.map((f) => (relabel[f.role] !== undefined ? { ...f, role: relabel[f.role]! } : f)),
    notes: [...loaded.notes, `element labels corrected at import: ${Object.entries(relabel).map(([a, b]) => `${a} → ${b}`).join(', ')}`],
  };
}
