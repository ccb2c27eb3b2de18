// A phantom: known elemental maps (ground truth) on a pixel grid, with regions of known composition.

/** A region of a phantom: pixels well inside one phase, and its true relative composition there. */
export interface PhantomRegion {
  name: string;
  /** 1 where the pixel belongs to the region, row-major, height × width. */
  mask: Uint8Array;
  /** Mean over the mask of c_i = x_i / Σ_j x_j (fractions summing to 1), by element symbol. */
  composition: Record<string, number>;
}

export interface Phantom {
  name: string;
  width: number;
  height: number;
  elements: string[];
  /** Stacked element maps, element i at [i·N, (i+1)·N), N = width·height; projected atoms (relative density) per pixel, ≥ 0. */
  truth: Float32Array;
  description: string;
  regions?: PhantomRegion[];
}

/** Options every phantom accepts. */
export interface PhantomOptions {
  /** Image width in pixels (default 256). */
  width?: number;
  /** Image height in pixels (default 256). */
  height?: number;
  /** Seed for the random layout (default 1). */
  seed?: number;
}

/** Resolved width, height and seed, validated. */
export function phantomGrid(opts: PhantomOptions, minSize: number): { width: number; height: number; seed: number } {
  const width = opts.width ?? 256;
  const height = opts.height ?? 256;
  const seed = opts.seed ?? 1;
  for (const [k, v] of [['width', width], ['height', height]] as const) {
    if (!Number.isInteger(v) || v < minSize) throw new RangeError(`phantom ${k} must be an integer ≥ ${minSize}, got ${v}`);
  }
  return { width, height, seed };
}

/** Mean over `mask` of the relative concentration c_i = x_i / Σ_j x_j (DESIGN.md §1), skipping pixels with Σ_j x_j = 0. */
export function regionComposition(truth: Float32Array, elements: readonly string[], mask: Uint8Array): Record<string, number> {
  const n = mask.length;
  const ne = elements.length;
  const sums = new Float64Array(ne);
  let count = 0;
  for (let p = 0; p < n; p++) {
    if (!mask[p]) continue;
    let total = 0;
    for (let i = 0; i < ne; i++) total += truth[i * n + p]!;
    if (total <= 0) continue;
    for (let i = 0; i < ne; i++) sums[i]! += truth[i * n + p]! / total; // c_i = x_i / Σ_j x_j
    count++;
  }
  const out: Record<string, number> = {};
  elements.forEach((el, i) => {
    out[el] = count > 0 ? sums[i]! / count : 0;
  });
  return out;
}

/** A region whose composition is computed from the truth maps. */
export function makeRegion(name: string, truth: Float32Array, elements: readonly string[], mask: Uint8Array): PhantomRegion {
  return { name, mask, composition: regionComposition(truth, elements, mask) };
}
