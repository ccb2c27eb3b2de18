// The phantoms by name: what `fusem simulate PHANTOM` and the sweeps can generate.

import type { Phantom, PhantomOptions } from '../phantom.js';
import { coreShell, coreShellMetal } from './core-shell.js';
import { ga2o3Films } from './ga2o3-films.js';
import { lattice } from './lattice.js';
import { lu2o3 } from './lu2o3.js';
import { twoPhaseFilm } from './two-phase-film.js';

export { coreShell, coreShellMetal, CORE_SHELL_DENSITY, METAL_DENSITY, type CoreShellOptions } from './core-shell.js';
export { ga2o3Films, GA2O3_GA_FRACTION, type Ga2o3FilmsOptions } from './ga2o3-films.js';
export { lattice, type LatticeOptions } from './lattice.js';
export { lu2o3, LU2O3_DENSITY, type Lu2o3Options } from './lu2o3.js';
export { twoPhaseFilm, TWO_PHASE_DENSITY, type TwoPhaseFilmOptions } from './two-phase-film.js';

export type PhantomName = 'core-shell' | 'core-shell-metal' | 'ga2o3-films' | 'lattice' | 'two-phase-film' | 'lu2o3';

/** Every phantom generator, keyed by the phantom's `name`. */
export const PHANTOMS: Readonly<Record<PhantomName, (opts?: PhantomOptions) => Phantom>> = {
  'core-shell': coreShell,
  'core-shell-metal': coreShellMetal,
  'ga2o3-films': ga2o3Films,
  lattice,
  'two-phase-film': twoPhaseFilm,
  lu2o3,
};

export const PHANTOM_NAMES = Object.keys(PHANTOMS) as PhantomName[];

/** The registry name for `name`, ignoring case, '-' and '_' (so 'coreShell', 'core_shell' and 'CORE-SHELL' all work); undefined if none. */
export function resolvePhantomName(name: string): PhantomName | undefined {
  const key = (s: string): string => s.toLowerCase().replace(/[-_]/g, '');
  return PHANTOM_NAMES.find((p) => key(p) === key(name));
}
