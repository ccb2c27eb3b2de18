// What an import of the chosen files will read: the element labels found (with the user's corrections) and
// whether the choice makes one dataset. Pure functions for the Import dialog.

import type { FileEntry } from '../../../shared/api/schemas/files.js';

/** Element labels the chosen files hold, as read, in order of first appearance. */
export function elementsFound(chosen: readonly FileEntry[]): string[] {
  const out: string[] = [];
  for (const f of chosen) for (const el of f.elements) if (!out.includes(el)) out.push(el);
  return out;
}

/** The corrections that change something (as read → as used), trimmed. */
export function relabelOf(edits: Readonly<Record<string, string>>, found: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const el of found) {
    const to = edits[el]?.trim();
    if (to && to !== el) out[el] = to;
  }
  return out;
}

/** Files the dialog offers for import (ticked at first): not unreadable ones, not single spectra (shown only). */
export function importable(f: FileEntry): boolean {
  return f.kind !== 'unreadable' && f.kind !== 'spectrum';
}

/**
 * A spectrum image and one image beside it, its HAADF (a DigitalMicrograph SI keeps its ADF image in a file of its own):
 * an image whose name says HAADF or nothing — never an element's map.
 */
export function siWithHaadf(chosen: readonly FileEntry[]): { si: FileEntry; haadf: FileEntry } | null {
  if (chosen.length !== 2) return null;
  const si = chosen.find((f) => f.kind === 'dataset' && f.spectrumImage);
  const haadf = chosen.find((f) => f.kind === 'image' && (f.role === 'HAADF' || f.role === null));
  return si && haadf ? { si, haadf } : null;
}

/** Why the chosen files cannot be imported as one dataset, or null when they can. */
export function choiceProblem(chosen: readonly FileEntry[], edits: Readonly<Record<string, string>>): string | null {
  if (chosen.length === 0) return 'Choose the files of one acquisition.';
  const bad = chosen.find((f) => f.kind === 'unreadable');
  if (bad) return bad.problem ?? `${bad.name} cannot be read`;
  const datasets = chosen.filter((f) => f.kind === 'dataset');
  if (siWithHaadf(chosen)) return null;
  if (datasets.length > 0 && chosen.length > 1) {
    const map = chosen.find((f) => f.kind === 'image' && f.role !== null && f.role !== 'HAADF');
    if (datasets[0]!.spectrumImage && chosen.length === 2 && map) return `${map.name}'s name says ${map.role}: a spectrum image is imported with its HAADF image only.`;
    return datasets[0]!.spectrumImage
      ? `${datasets[0]!.name} is a spectrum image: import it on its own, or with one image, its HAADF.`
      : `${datasets[0]!.name} holds a whole dataset: import it on its own.`;
  }
  if (datasets.length === 0) {
    const haadf = chosen.filter((f) => f.role === 'HAADF');
    if (haadf.length !== 1) return haadf.length === 0 ? 'Choose a HAADF image with the element maps.' : 'Choose one HAADF image, not several.';
    if (chosen.length < 2) return 'Choose at least one element map with the HAADF image.';
    const unnamed = chosen.find((f) => f.role === null);
    if (unnamed) return unnamed.problem ?? `${unnamed.name}: its name says no element`;
  }
  const used = elementsFound(chosen).map((el) => edits[el]?.trim() || el);
  const twice = used.find((el, i) => used.indexOf(el) !== i);
  if (twice) return `Two maps would both be ${twice}: give each its own element.`;
  return null;
}
