// Core–shell nanoparticles: CoS cores in CoO shells, 3-D spheres projected along the beam.

import { createRng } from '../random.js';
import { makeRegion, phantomGrid, type Phantom, type PhantomOptions } from '../phantom.js';

export interface CoreShellOptions extends PhantomOptions {
  /** How many particles to try to place (default 6; fewer fit on small images). */
  particles?: number;
  /**
   * How many of them are solid Co metal spheres instead of CoS/CoO core–shell ones (default 0). With one or more the field
   * holds three phases for the three elements (CoS, CoO, Co), so per-element sensitivities can be identified.
   */
  metal?: number;
}

/** hcp Co (a = 2.507 Å, c = 4.07 Å, 2 atoms per a²c·sin 120°): its atom density relative to the Co density of CoO (0.0517 Å⁻³). */
export const METAL_DENSITY = 2 / (2.507 ** 2 * 4.07 * Math.sin(Math.PI / 3)) / 0.0517;

/** Atom density of each element, relative to CoO: CoO rocksalt a = 4.26 Å → 4 Co/a³ = 0.0517 Å⁻³; CoS NiAs-type a = 3.37, c = 5.16 Å → 2 Co/(a²c·sin 120°) = 0.0394 Å⁻³. */
export const CORE_SHELL_DENSITY = { core: 0.0394 / 0.0517, shell: 1 } as const;
const SHELL_DENSITY = CORE_SHELL_DENSITY.shell;
const CORE_DENSITY = CORE_SHELL_DENSITY.core;

interface Particle {
  cx: number;
  cy: number;
  /** Outer (shell) radius and core radius, pixels. */
  rs: number;
  rc: number;
  /** A solid Co metal sphere (no core, no shell). */
  metal: boolean;
}

// Projected thickness of a sphere of radius R at distance r from its axis: 2·sqrt(R² − r²) (chord length).
function chord(R: number, r2: number): number {
  return r2 < R * R ? 2 * Math.sqrt(R * R - r2) : 0;
}

/** Core–shell particles beside solid Co metal ones (default: 8 particles, 3 of them metal): three phases, three elements. */
export function coreShellMetal(opts: CoreShellOptions = {}): Phantom {
  return coreShell({ particles: 8, metal: 3, ...opts });
}

/**
 * Several non-touching spherical particles, each a CoS core (Co:S = 1:1) inside a CoO shell (Co:O = 1:1),
 * projected: Co = ρ_core·t_core + ρ_shell·(t_outer − t_core), S = ρ_core·t_core, O = ρ_shell·(t_outer − t_core),
 * with t = 2·sqrt(R² − r²). Regions: 'core' (r < ½·R_core) and 'shell' (middle half of the shell ring).
 * The projected core composition includes the shell above and below it; the regions' compositions say so exactly.
 */
export function coreShell(opts: CoreShellOptions = {}): Phantom {
  const { width, height, seed } = phantomGrid(opts, 32);
  const want = opts.particles ?? 6;
  if (!Number.isInteger(want) || want < 1) throw new RangeError(`particles must be an integer ≥ 1, got ${want}`);
  const metals = opts.metal ?? 0;
  if (!Number.isInteger(metals) || metals < 0 || metals >= want) throw new RangeError(`metal must be an integer from 0 to particles − 1 (${want - 1}), got ${metals}`);
  const rng = createRng(seed, 0x5eed01);
  const size = Math.min(width, height);
  const particles: Particle[] = [];
  const gap = 4;
  for (let attempt = 0; attempt < 4000 && particles.length < want; attempt++) {
    const rs = Math.max(8, (0.08 + 0.04 * rng.uniform()) * size); // ≥ 8 px so the shell ring has an inside
    const rc = rs * (0.6 + 0.1 * rng.uniform());
    const margin = rs + 3;
    if (width - 2 * margin <= 0 || height - 2 * margin <= 0) continue;
    const cx = margin + rng.uniform() * (width - 2 * margin);
    const cy = margin + rng.uniform() * (height - 2 * margin);
    if (particles.every((q) => Math.hypot(q.cx - cx, q.cy - cy) > q.rs + rs + gap)) particles.push({ cx, cy, rs, rc, metal: particles.length % 2 === 1 && particles.filter((q) => q.metal).length < metals });
  }
  if (particles.length === 0) throw new RangeError(`no particle fits in ${width}×${height}`);

  const n = width * height;
  const elements = ['Co', 'S', 'O'];
  const truth = new Float32Array(3 * n);
  const core = new Uint8Array(n);
  const shell = new Uint8Array(n);
  const metal = new Uint8Array(n);
  for (const q of particles) {
    const x0 = Math.max(0, Math.floor(q.cx - q.rs)), x1 = Math.min(width - 1, Math.ceil(q.cx + q.rs));
    const y0 = Math.max(0, Math.floor(q.cy - q.rs)), y1 = Math.min(height - 1, Math.ceil(q.cy + q.rs));
    const ring = q.rs - q.rc;
    for (let y = y0; y <= y1; y++) {
      for (let x = x0; x <= x1; x++) {
        const r2 = (x - q.cx) ** 2 + (y - q.cy) ** 2;
        const tOuter = chord(q.rs, r2);
        if (tOuter === 0) continue;
        const p = y * width + x;
        if (q.metal) { // Co throughout
          truth[p] = METAL_DENSITY * tOuter;
          if (Math.sqrt(r2) < 0.5 * q.rs) metal[p] = 1;
          continue;
        }
        const tCore = chord(q.rc, r2);
        const s = CORE_DENSITY * tCore;
        const o = SHELL_DENSITY * (tOuter - tCore);
        truth[p] = s + o; // Co in both phases
        truth[n + p] = s;
        truth[2 * n + p] = o;
        const r = Math.sqrt(r2);
        if (r < 0.5 * q.rc) core[p] = 1;
        if (r > q.rc + 0.25 * ring && r < q.rs - 0.25 * ring) shell[p] = 1;
      }
    }
  }
  const nMetal = particles.filter((q) => q.metal).length;
  if (metals > 0 && nMetal === 0) throw new RangeError(`no Co particle fits in ${width}×${height} beside the core–shell ones`);
  const regions = [makeRegion('core', truth, elements, core), makeRegion('shell', truth, elements, shell)];
  if (nMetal > 0) regions.push(makeRegion('metal', truth, elements, metal));
  return {
    name: metals > 0 ? 'core-shell-metal' : 'core-shell',
    width,
    height,
    elements,
    truth,
    description:
      `${particles.length - nMetal} CoS-core/CoO-shell spheres (outer radius 8–12 % of the image size, core radius 60–70 % of it)` +
      `${nMetal > 0 ? ` and ${nMetal} solid Co metal spheres (three phases for three elements)` : ''}, projected thickness 2·sqrt(R²−r²); ` +
      `atom densities relative to CoO (CoS ${CORE_DENSITY.toFixed(3)}); units: atoms per pixel column in units of the CoO density × pixel length`,
    regions,
  };
}
