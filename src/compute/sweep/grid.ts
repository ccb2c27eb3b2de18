// A dose/SNR sweep's grid (DESIGN.md §1 "Dose/SNR", the paper's Fig. 6): a phantom, HAADF SNR × chemical SNR,
// several noise realisations per cell, the fusion parameters. Cells are numbered row-major: cell k ↔ (i, j) with
// i the HAADF-SNR row and j the chemical-SNR column, k = i·nChem + j. The grid id is a hash of the canonical grid,
// so a cell result can say which sweep it belongs to.

import { validateParams, type FusionParams } from '../solve/params.js';
import { PHANTOM_NAMES, PHANTOMS, type PhantomName } from '../simulate/phantoms/index.js';
import type { Phantom } from '../simulate/phantom.js';

export const SWEEP_FORMAT = 'fusem-sweep';
export const SWEEP_VERSION = 1;

export interface SweepGrid {
  format: typeof SWEEP_FORMAT;
  version: typeof SWEEP_VERSION;
  /** The phantom (its truth is the same for every cell: generated at size × size with layout seed `seed`). */
  phantom: PhantomName;
  size: number;
  /** Rows: the HAADF SNR of each row (simulateAcquisition's haadfSnr). */
  haadfSnr: number[];
  /** Columns: the pooled chemical SNR of each column (simulateAcquisition's chemSnr). */
  chemSnr: number[];
  /** Noise realisations per cell. */
  realisations: number;
  /** Seed base: the phantom layout seed, and the root of every noise seed (see noiseSeed). */
  seed: number;
  /** How noise seeds vary over the grid (see noiseSeed). */
  noise: NoiseScheme;
  /** Fusion parameters, the same for every cell. */
  params: FusionParams;
}

/**
 * - `common` (default): common random numbers — realisation r draws from the same seed in every cell, so two cells of
 *   one column have identical chemical maps and differ only in the HAADF (and likewise along a row), and differences
 *   between cells measure the SNR's effect, not the luck of the draw (variance reduction for comparisons).
 * - `independent`: a different seed in every cell and realisation (independent cell estimates).
 */
export type NoiseScheme = 'common' | 'independent';
export const NOISE_SCHEMES: readonly NoiseScheme[] = ['common', 'independent'];

export interface GridInput {
  phantom: PhantomName;
  size: number;
  haadfSnr: readonly number[];
  chemSnr: readonly number[];
  realisations: number;
  seed: number;
  /** Default 'common'. */
  noise?: NoiseScheme;
  params: FusionParams;
}

/** Problems with a grid, one sentence each; empty when it is valid. */
export function gridProblems(g: GridInput): string[] {
  const problems: string[] = [];
  if (!PHANTOM_NAMES.includes(g.phantom)) problems.push(`unknown phantom "${String(g.phantom)}" (one of ${PHANTOM_NAMES.join(', ')})`);
  if (!(Number.isInteger(g.size) && g.size >= 32 && g.size <= 4096)) problems.push(`size must be an integer from 32 to 4096 (got ${g.size})`);
  for (const [name, list] of [['haadf-snr', g.haadfSnr], ['chem-snr', g.chemSnr]] as const) {
    if (list.length === 0) problems.push(`${name} needs at least one value`);
    if (list.some((v) => !(Number.isFinite(v) && v > 0))) problems.push(`${name} values must be finite numbers > 0 (got ${list.join(',')})`);
    if (new Set(list).size !== list.length) problems.push(`${name} lists a value twice (${list.join(',')})`);
  }
  if (!(Number.isInteger(g.realisations) && g.realisations >= 1 && g.realisations <= 10000)) problems.push(`realisations must be an integer from 1 to 10000 (got ${g.realisations})`);
  if (!(Number.isInteger(g.seed) && g.seed >= 0 && g.seed <= 0xffffffff)) problems.push(`seed must be an integer from 0 to 4294967295 (got ${g.seed})`);
  if (g.noise !== undefined && !NOISE_SCHEMES.includes(g.noise)) problems.push(`noise must be ${NOISE_SCHEMES.join(' or ')} (got ${String(g.noise)})`);
  if (problems.length > 0) return problems;
  // the parameters against the phantom's element count (custom weights need one per element)
  const ne = PHANTOMS[g.phantom]({ width: g.size, height: g.size, seed: g.seed }).elements.length;
  return validateParams(g.params, ne);
}

/** A validated grid; a RangeError naming every problem otherwise. */
export function makeGrid(g: GridInput): SweepGrid {
  const problems = gridProblems(g);
  if (problems.length > 0) throw new RangeError(problems.join('; '));
  return {
    format: SWEEP_FORMAT, version: SWEEP_VERSION,
    phantom: g.phantom, size: g.size, haadfSnr: [...g.haadfSnr], chemSnr: [...g.chemSnr],
    realisations: g.realisations, seed: g.seed, noise: g.noise ?? 'common', params: { ...g.params },
  };
}

export const cellCount = (g: Pick<SweepGrid, 'haadfSnr' | 'chemSnr'>): number => g.haadfSnr.length * g.chemSnr.length;

/** Cell k ↔ (i, j), row-major: i indexes haadfSnr (rows), j indexes chemSnr (columns). */
export function cellAt(g: SweepGrid, k: number): { k: number; i: number; j: number; haadfSnr: number; chemSnr: number } {
  if (!(Number.isInteger(k) && k >= 0 && k < cellCount(g))) throw new RangeError(`cell ${k} is outside the grid (0 to ${cellCount(g) - 1})`);
  const i = Math.floor(k / g.chemSnr.length), j = k % g.chemSnr.length;
  return { k, i, j, haadfSnr: g.haadfSnr[i]!, chemSnr: g.chemSnr[j]! };
}

export const cellIndex = (g: SweepGrid, i: number, j: number): number => i * g.chemSnr.length + j;

/**
 * The cells of a slice "i:j" (half-open, as Python: "2:5" → 2, 3, 4; "i:" to the end; ":j" from 0; "k" one cell).
 * The end is clamped to the grid (so the last task of a job array may overshoot); a start beyond the grid is an error.
 */
export function parseCellSlice(text: string, count: number): number[] {
  const m = /^\s*(\d*)\s*(:?)\s*(\d*)\s*$/.exec(text);
  if (!m || (m[1] === '' && m[2] === '' )) throw new RangeError(`cells must be i:j, i:, :j or k with whole numbers (got "${text}")`);
  const start = m[1] === '' ? 0 : Number(m[1]);
  const end = m[2] === '' ? start + 1 : m[3] === '' ? count : Math.min(Number(m[3]), count);
  if (start >= count) throw new RangeError(`cells ${text}: the grid has cells 0 to ${count - 1}`);
  if (end <= start) throw new RangeError(`cells ${text} is empty (the end must be after the start)`);
  return Array.from({ length: end - start }, (_, t) => start + t);
}

/** Cell numbers as compact ranges, "0:3,5,7:9" (half-open, the slice syntax of --cells). */
export function formatCellRanges(cells: readonly number[]): string {
  const sorted = [...cells].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let t = 0; t < sorted.length;) {
    let u = t;
    while (u + 1 < sorted.length && sorted[u + 1] === sorted[u]! + 1) u++;
    parts.push(u === t ? String(sorted[t]) : `${sorted[t]}:${sorted[u]! + 1}`);
    t = u + 1;
  }
  return parts.join(',');
}

/** JSON with object keys sorted at every level: the canonical text the grid id is computed from. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** 64-bit FNV-1a (Fowler–Noll–Vo) of a string's UTF-16 code units, as 16 hex digits. Pure TypeScript, so it runs anywhere compute does. */
export function fnv1a64(text: string): string {
  let h = 0xcbf29ce484222325n;
  const prime = 0x100000001b3n, mask = 0xffffffffffffffffn;
  for (let k = 0; k < text.length; k++) {
    h ^= BigInt(text.charCodeAt(k));
    h = (h * prime) & mask;
  }
  return h.toString(16).padStart(16, '0');
}

/** The grid's id: a hash of its canonical JSON; equal grids (whatever their key order) have equal ids. */
export function gridId(g: SweepGrid): string {
  return fnv1a64(canonicalJson(g));
}

// SplitMix32-style finaliser (Steele, Lea & Flood 2014), as simulate/random.ts.
function mix32(x: number): number {
  x = (x + 0x9e3779b9) | 0;
  x = Math.imul(x ^ (x >>> 16), 0x21f0aaad);
  x = Math.imul(x ^ (x >>> 15), 0x735a2d97);
  return (x ^ (x >>> 15)) >>> 0;
}

/**
 * The noise seed of realisation r of cell k, a 32-bit integer: mix32(seed ⊕ mix32(r)) with common random numbers,
 * mix32(seed ⊕ mix32(k ⊕ mix32(r))) with independent noise. The same on every machine and for every slicing of the
 * grid; each cell result records its seeds, so one realisation can be re-simulated alone (simulateAcquisition with
 * that seed; the phantom's layout seed is the grid's seed).
 */
export function noiseSeed(g: SweepGrid, k: number, r: number): number {
  return g.noise === 'independent' ? mix32(g.seed ^ mix32(k ^ mix32(r))) : mix32(g.seed ^ mix32(r));
}

/** The sweep's phantom (the same truth for every cell). */
export function makePhantom(g: SweepGrid): Phantom {
  return PHANTOMS[g.phantom]({ width: g.size, height: g.size, seed: g.seed });
}
