// Which dataset a file belongs to, from its name: a whole-dataset file (.emd, .h5, .hspy, .npz) is one dataset;
// image files of one acquisition ('scan012_HAADF.tif', 'scan012_Co.tif', 'scan012_O K.npy') are grouped by the
// stem before their label: a HAADF/dark-field detector name or an element symbol (parseElementLabel). A DigitalMicrograph
// spectrum image ('scan012_SI.dm4': DM writes no HAADF into it) joins its stem's group beside 'scan012_HAADF.dm4'.

import path from 'node:path';
import { parseElementLabel, SUPPORTED_EXTENSIONS } from '../../../compute/io/index.js';
import { isTempName } from './temp-files.js';

/** Extensions whose files are read whole by readDataset (a HAADF plus labelled element maps). */
export const DATASET_EXTENSIONS: readonly string[] = ['.emd', '.h5', '.hdf5', '.hdf', '.hspy', '.nxs', '.npz'];
/** Extensions of single images, grouped by stem. */
export const IMAGE_EXTENSIONS: readonly string[] = SUPPORTED_EXTENSIONS.filter((e) => !DATASET_EXTENSIONS.includes(e));

/** DigitalMicrograph files: one named as a spectrum image ('scan012_SI.dm4', 'EELS Spectrum Image.dm4') joins its stem's group. */
const DM_EXTENSIONS: readonly string[] = ['.dm3', '.dm4'];
/** Words that name a spectrum image at the end of a DM file's name (DM's own: 'EELS Spectrum Image', 'EDS SI'). */
const SI_TOKEN = /^(si|spectrum|spectrumimage|image|eels|eds|edx|edxs|xeds)$/i;
/** Of those, the words that say it is one (not 'image' or 'EELS' alone). */
const SI_NAME = /^(si|spectrum|spectrumimage)$/i;

/** The role a spectrum image has in its group (the HAADF is its sibling). */
export const SPECTRUM_IMAGE_ROLE = 'SI';

/** A file's place: the dataset `id` (stem with its subfolders, '/'-separated) and its role there. */
export type FileRole =
  | { kind: 'file'; id: string; role: 'dataset' }
  | { kind: 'group'; id: string; role: string };

/** Detector names of a HAADF or dark-field image (DF2, DF4 are Velox's segmented detectors). */
const HAADF_TOKEN = /^(HAADF|ADF|MAADF|LAADF|DF\d*|DFS|HAADF\d+)$/i;
/** Words around a label that say nothing about which map it is: 'scan012_EDS_Co_map.tif'. */
const FILLER_TOKEN = /^(map|maps|eds|edx|edxs|eels|xeds|counts|intensity|net|sum|summed|signal|image|img)$/i;
/** X-ray line or EELS edge designations following an element symbol: K, Ka, Kα1, L23, M45 (as parseElementLabel). */
const LINE_TOKEN = /^(K|L|M|N)(a|b|g|α|β|γ)?\d{0,2}$/;

interface Token { text: string; start: number }

function tokens(base: string): Token[] {
  const out: Token[] = [];
  const re = /[^\s_\-.,;:()[\]{}+=#|]+/g;
  for (let m = re.exec(base); m; m = re.exec(base)) out.push({ text: m[0], start: m.index });
  return out;
}

/** The trailing label of an image's base name and the stem before it, or null when the name carries no label. */
export function splitLabel(base: string): { stem: string; role: string } | null {
  const t = tokens(base);
  const dropFillers = (): void => { while (t.length > 0 && FILLER_TOKEN.test(t.at(-1)!.text)) t.pop(); };
  dropFillers();
  const last = t.at(-1);
  if (!last) return null;
  let role: string | null = null;
  if (HAADF_TOKEN.test(last.text)) {
    role = 'HAADF';
  } else if (LINE_TOKEN.test(last.text) && t.length >= 2 && parseElementLabel(t.at(-2)!.text) === t.at(-2)!.text) {
    role = t.at(-2)!.text; // 'Co K', 'Mn_L23'
    t.pop();
  } else {
    role = parseElementLabel(last.text); // 'Co', glued 'CoKa'
  }
  if (role === null) return null;
  t.pop();
  dropFillers();
  const end = t.length > 0 ? t.at(-1)!.start + t.at(-1)!.text.length : 0;
  return { stem: base.slice(0, end), role };
}

/**
 * The dataset and role of `rel`, a path relative to the watched folder; null for files that are not inputs
 * (temporary, unsupported, or an image whose name carries no HAADF or element label).
 */
export function classifyFile(rel: string, rootName: string): FileRole | null {
  const parts = rel.split(/[\\/]+/).filter((p) => p.length > 0);
  const name = parts.pop();
  if (name === undefined || isTempName(name) || parts.some(isTempName)) return null;
  const ext = path.extname(name).toLowerCase();
  const base = name.slice(0, name.length - ext.length);
  const idOf = (stem: string): string => {
    const id = [...parts, stem].filter((p) => p.length > 0).join('/');
    return id.length > 0 ? id : rootName;
  };
  if (DATASET_EXTENSIONS.includes(ext)) return { kind: 'file', id: idOf(base), role: 'dataset' };
  if (!IMAGE_EXTENSIONS.includes(ext)) return null;
  const label = splitLabel(base);
  if (!label) {
    const si = DM_EXTENSIONS.includes(ext) ? spectrumImageStem(base) : null;
    return si === null ? null : { kind: 'group', id: idOf(si), role: SPECTRUM_IMAGE_ROLE };
  }
  return { kind: 'group', id: idOf(label.stem), role: label.role };
}

/** The stem of a name that ends in words naming a spectrum image ('scan012_EELS_SI' → 'scan012'), else null. */
function spectrumImageStem(base: string): string | null {
  const t = tokens(base);
  let named = false;
  while (t.length > 0 && SI_TOKEN.test(t.at(-1)!.text)) { named ||= SI_NAME.test(t.at(-1)!.text); t.pop(); }
  if (!named) return null;
  return t.length > 0 ? base.slice(0, t.at(-1)!.start + t.at(-1)!.text.length) : '';
}
