// Element labels from names: 'scan012_Co.tif', 'Co K.tif', 'EDS Co-K', 'Mn L2,3' -> Co, Co, Co, Mn (issue 3).

import { isElementSymbol } from '../../model/elements.js';

/** X-ray line or EELS edge designations that follow an element: K, Ka, Kα1, L, L3, L23, M45, ... */
const LINE = /^(K|L|M|N)(a|b|g|α|β|γ)?\d{0,2}$/;
/** A symbol glued to its line: 'CoKa', 'MnL23', 'OKa' (a bare 'OK' is too likely a word). */
const GLUED = /^([A-Z][a-z]?)(K|L|M)(a|b|α|β)?(\d{0,2})$/;
/** Words that are element symbols by accident in microscopy names (none so far beyond case rules). */
const EXTENSIONS = /\.(tiff?|npy|npz|dm3|dm4|emd|hspy|h5|hdf5|png|txt|csv)$/i;

/** Element symbol a name labels, or null when it names none (or several, ambiguously). Case-careful. */
export function parseElementLabel(name: string): string | null {
  let base = name.replace(/\\/g, '/');
  base = base.slice(base.lastIndexOf('/') + 1).replace(EXTENSIONS, '');
  const tokens = base.split(/[\s_\-.,;:()[\]{}+=#/|]+/).filter((t) => t.length > 0);

  const withLine: string[] = [];
  const bare: string[] = [];
  const glued: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (isElementSymbol(t)) {
      const next = tokens[i + 1];
      if (next !== undefined && LINE.test(next)) {
        withLine.push(t);
        i++; // the line token ('K', 'La', ...) is not an element itself
      } else {
        bare.push(t);
      }
      continue;
    }
    const g = GLUED.exec(t);
    if (g && isElementSymbol(g[1]!) && (g[1]!.length === 2 || g[3] !== undefined || g[4] !== '')) glued.push(g[1]!);
  }
  for (const group of [withLine, bare, glued]) {
    const uniq = [...new Set(group)];
    if (uniq.length === 1) return uniq[0]!;
    if (uniq.length > 1) return null; // several different elements: ambiguous
  }
  return null;
}
