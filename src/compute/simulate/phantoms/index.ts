// The phantoms by name: what `fusem simulate PHANTOM` and the sweeps can generate.

import type { Phantom, PhantomOptions } from '../phantom.js';
import { coreShell } from './core-shell.js';
import { ga2o3Films } from './ga2o3-films.js';
import { lattice } from './lattice.js';
import { twoPhaseFilm } from './two-phase-film.js';

export { coreShell, CORE_SHELL_DENSITY, type CoreShellOptions } from './core-shell.js';
export { ga2o3Films, GA2O3_GA_FRACTION, type Ga2o3FilmsOptions } from './ga2o3-films.js';
export { lattice, type LatticeOptions } from './lattice.js';
export { twoPhaseFilm, TWO_PHASE_DENSITY, type TwoPhaseFilmOptions } from './two-phase-film.js';

export type PhantomName = 'core-shell' | 'ga2o3-films' | 'lattice' | 'two-phase-film';

/** Every phantom generator, keyed by the phantom's `name`. */
export const PHANTOMS: Readonly<Record<PhantomName, (opts?: PhantomOptions) => Phantom>> = {
  'core-shell': coreShell,
  'ga2o3-films': ga2o3Films,
  lattice,
  'two-phase-film': twoPhaseFilm,
};

export const PHANTOM_NAMES = Object.keys(PHANTOMS) as PhantomName[];

/** The registry name for `name`, ignoring case, '-' and '_' (so 'coreShell', 'core_shell' and 'CORE-SHELL' all work); undefined if none. */
export function resolvePhantomName(name: string): PhantomName | undefined {
  const key = (s: string): string => s.toLowerCase().replace(/[-_]/g, '');
  return PHANTOM_NAMES.find((p) => key(p) === key(name));
}
