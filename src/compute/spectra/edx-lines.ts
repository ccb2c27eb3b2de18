// Which line family of an element fusem maps on an EDX axis, and the line energies in eV.

import { InputError } from '../io/errors.js';
import { atomicNumber } from '../model/elements.js';
import { rangeEv } from './cube.js';
import { familiesOf, familyLines, type LineFamily, type XrayLine } from './lines.js';
import { fwhmAt } from './resolution.js';
import type { EnergyAxis } from './types.js';
import { fmt } from './windows.js';

/** Lowest energy fusem maps (eV): below it noise peak and detector window make lines unreliable. */
export const EDX_MIN_EV = 100;
/** Families above this are rarely excited efficiently; K is preferred up to it, else L, else M. */
export const EDX_PREFERRED_MAX_EV = 20_000;

export interface FamilyOnAxis { family: LineFamily; lines: XrayLine[] }

/** The family's lines in eV when its main line lies on the axis (with room for 2 FWHM either side), else null. */
export function familyOnAxis(element: string, family: LineFamily, axis: EnergyAxis, fwhmMnKa: number, beamKeV: number | null): FamilyOnAxis | null {
  const lines = familyLines(element, family, atomicNumber(element)).map((l) => ({ ...l, energy: l.energy * 1000 }));
  if (lines.length === 0) return null;
  const [lo, hi] = rangeEv(axis);
  const main = lines[0]!.energy;
  const w = fwhmAt(main, fwhmMnKa);
  const top = Math.min(hi, beamKeV !== null ? beamKeV * 1000 : Infinity);
  if (main - 2 * w < Math.max(lo, EDX_MIN_EV) || main + 2 * w > top) return null;
  return { family, lines: lines.filter((l) => l.energy + w <= hi) };
}

/** The family to map: the one asked for, else K if on the axis below 20 keV, else L, else M. InputError when none fits. */
export function chooseFamily(file: string, element: string, axis: EnergyAxis, fwhmMnKa: number, beamKeV: number | null, asked?: LineFamily): FamilyOnAxis {
  const [lo, hi] = rangeEv(axis);
  const families = familiesOf(element);
  if (families.length === 0) throw new InputError(file, `${element} has no X-ray line in fusem's table`);
  if (asked) {
    const f = familyOnAxis(element, asked, axis, fwhmMnKa, beamKeV);
    if (!f) throw new InputError(file, `the ${element} ${asked} lines are not inside the energy axis (${fmt(lo)}–${fmt(hi)} eV)`);
    return f;
  }
  for (const fam of ['K', 'L', 'M'] as const) {
    const f = familyOnAxis(element, fam, axis, fwhmMnKa, beamKeV);
    if (f && f.lines[0]!.energy <= EDX_PREFERRED_MAX_EV) return f;
  }
  for (const fam of ['K', 'L', 'M'] as const) {
    const f = familyOnAxis(element, fam, axis, fwhmMnKa, beamKeV);
    if (f) return f;
  }
  throw new InputError(file, `no X-ray line of ${element} (${families.join(', ')}) lies inside the energy axis (${fmt(lo)}–${fmt(hi)} eV)`);
}

/** Every family of an element on the axis (the fit models them all, so a second family's peaks are not mistaken for others'). */
export function allFamiliesOnAxis(element: string, axis: EnergyAxis, fwhmMnKa: number, beamKeV: number | null): FamilyOnAxis[] {
  return familiesOf(element).map((f) => familyOnAxis(element, f, axis, fwhmMnKa, beamKeV)).filter((f): f is FamilyOnAxis => f !== null);
}
