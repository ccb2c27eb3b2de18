/**
 * Generated data for the viewer harness (tests and bench, not the app): core–shell particles on a film, a
 * HAADF-like image with atom columns, "fused" element maps and noisy "raw" ones. Deterministic (seeded).
 */
import type { Layer } from './layers.js';
import { autoRange } from './layers.js';
import { createRng } from '../../../compute/simulate/random.js';

export const HARNESS_ELEMENTS = ['Co', 'O', 'S', 'Mn'] as const;

export interface HarnessData {
  size: number;
  haadf: Float32Array;
  fused: Float32Array[];
  raw: Float32Array[];
  names: string[];
}

/** `size` × `size` maps of `elements` (≤ 4) elements. */
export function harnessData(size: number, elements = 3, seed = 7): HarnessData {
  const n = size * size;
  const names = HARNESS_ELEMENTS.slice(0, elements) as unknown as string[];
  const fused = names.map(() => new Float32Array(n));
  const haadf = new Float32Array(n);
  const particles = [
    [0.34, 0.38, 0.2],
    [0.7, 0.64, 0.16],
    [0.72, 0.24, 0.1],
  ] as const;
  const spacing = Math.max(4, size / 24);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const u = (x + 0.5) / size;
      const v = (y + 0.5) / size;
      let core = 0;
      let shell = 0;
      for (const [cx, cy, r] of particles) {
        const d = Math.hypot(u - cx, v - cy) / r;
        const edge = (a: number): number => 1 / (1 + Math.exp((d - a) * 30)); // soft step at d = a
        core = Math.max(core, edge(0.65) * (1 - 0.3 * d));
        shell = Math.max(shell, edge(1) - edge(0.65));
      }
      const film = 1 - Math.min(1, core + shell);
      const lattice = 0.5 + 0.5 * Math.cos((2 * Math.PI * x) / spacing) * Math.cos((2 * Math.PI * y) / spacing);
      const i = y * size + x;
      const values = [40 * core, 25 * shell + 8 * core, 6 * film + 2 * shell, 12 * shell * u];
      for (let e = 0; e < names.length; e++) fused[e]![i] = values[e]!;
      haadf[i] = 200 + 900 * core * (0.6 + 0.4 * lattice) + 450 * shell * (0.7 + 0.3 * lattice) + 60 * film;
    }
  }
  const rng = createRng(seed);
  const gauss = (): number => rng.normal();
  const raw = fused.map((f) => {
    const r = new Float32Array(n);
    for (let i = 0; i < n; i++) r[i] = Math.max(0, Math.round(f[i]! + Math.sqrt(f[i]! + 1) * gauss()));
    return r;
  });
  for (let i = 0; i < n; i++) haadf[i] = Math.round(haadf[i]! + 15 * gauss());
  return { size, haadf, fused, raw, names };
}

/** A visible layer with autoRange's window, gamma 1. */
export function makeLayer(name: string, data: Float32Array, size: number, extra: Partial<Layer> = {}): Layer {
  return { name, data, width: size, height: size, visible: true, ...autoRange(data), gamma: 1, ...extra };
}
