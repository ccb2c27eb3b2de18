// A two-phase film: MnO and MnO₂ grains side by side in one film of varying thickness (composition varies across the
// field, so per-element sensitivities are identifiable from the HAADF; the Ga₂O₃ films are the single-phase contrast).

import { createRng } from '../random.js';
import { makeRegion, phantomGrid, type Phantom, type PhantomOptions } from '../phantom.js';
import { smoothField } from './smooth-field.js';

export interface TwoPhaseFilmOptions extends PhantomOptions {
  /** Mean projected thickness, in units of the MnO atom density × pixel length (default 24). */
  thickness?: number;
}

/**
 * Atom densities relative to MnO (rocksalt, a = 4.445 Å: 4 Mn + 4 O per a³ = 0.0455 Mn Å⁻³); MnO₂ (rutile, a = 4.40 Å,
 * c = 2.87 Å: 2 Mn + 4 O per a²c = 0.0360 Mn Å⁻³, 0.0720 O Å⁻³).
 */
export const TWO_PHASE_DENSITY = {
  MnO: { Mn: 1, O: 1 },
  MnO2: { Mn: 0.036 / 0.0455, O: 0.072 / 0.0455 },
} as const;

/**
 * A film over the lower ~85 % of the image (vacuum above a slightly tilted edge), MnO left of a wavy grain boundary
 * near the middle, MnO₂ right of it; thickness t = T·(0.6 + 0.8·v/H)·(1 + 0.1·f) (a wedge thickening downwards with
 * smooth ±10 % roughness f). Regions 'MnO' and 'MnO2' are ≥ max(2, 4 % of the size) px from the boundary and the edge.
 */
export function twoPhaseFilm(opts: TwoPhaseFilmOptions = {}): Phantom {
  const { width, height, seed } = phantomGrid(opts, 16);
  const T = opts.thickness ?? 24;
  if (!(T > 0)) throw new RangeError(`thickness must be > 0, got ${T}`);
  const rng = createRng(seed, 0x5eed04);
  const field = smoothField(rng, width, height);
  const edgeSlope = 0.1 * (rng.uniform() - 0.5);
  const waveAmp = 0.05 * width, waveLen = (0.5 + 0.5 * rng.uniform()) * height, wavePhase = 2 * Math.PI * rng.uniform();
  const m = Math.max(2, 0.04 * Math.min(width, height));
  const n = width * height;
  const elements = ['Mn', 'O'];
  const truth = new Float32Array(2 * n);
  const masks = { MnO: new Uint8Array(n), MnO2: new Uint8Array(n) };
  for (let y = 0; y < height; y++) {
    const boundary = 0.5 * width + waveAmp * Math.sin((2 * Math.PI * y) / waveLen + wavePhase);
    for (let x = 0; x < width; x++) {
      const p = y * width + x;
      const dEdge = y - (0.15 * height + edgeSlope * (x - width / 2)); // film below a slightly tilted edge
      if (dEdge <= 0) continue;
      const t = T * (0.6 + (0.8 * y) / height) * (1 + 0.1 * field[p]!);
      const phase = x < boundary ? TWO_PHASE_DENSITY.MnO : TWO_PHASE_DENSITY.MnO2;
      truth[p] = phase.Mn * t;
      truth[n + p] = phase.O * t;
      const dB = Math.abs(x - boundary);
      if (dEdge >= m && dB >= m && x >= m && x < width - m && y < height - m) (x < boundary ? masks.MnO : masks.MnO2)[p] = 1;
    }
  }
  return {
    name: 'two-phase-film',
    width,
    height,
    elements,
    truth,
    description:
      `a film of MnO (Mn 50 %) and MnO₂ (Mn 33.3 %) grains meeting at a wavy boundary, thickness ${T} × (0.6–1.4 wedge) ` +
      `with ±10 % smooth roughness; vacuum above a tilted edge; densities relative to MnO`,
    regions: (['MnO', 'MnO2'] as const).map((k) => makeRegion(k, truth, elements, masks[k])),
  };
}
