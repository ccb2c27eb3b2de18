// Tiles of rows for the WebAssembly kernels: each thread's band of rows is cut into tiles that are computed
// one after the other in the thread's own (small) wasm memory. A tile is read with `halo` rows above and below
// (ng + 1 for the TV prox: FGP carries information one row per iteration, so rows that far from a tile's edge
// come out bit-identical to the untiled computation); only its own rows are written back. This keeps the
// working set in cache (fgpTile sweeps all FGP iterations down the tile at once) and lifts WebAssembly's 4 GiB
// limit on the problem size.

import { band, type FgpSchedule } from './plan-init.js';

export interface Tile {
  /** The rows the tile computes, [y0, y1). */
  readonly y0: number;
  readonly y1: number;
  /** The rows it reads, [top, bottom) ⊇ [y0, y1): the halo, clipped at the image's edges. */
  readonly top: number;
  readonly bottom: number;
}

/** Default wasm memory per thread for one tile's arrays (x, maps, haadf, the FGP dual): 64 MiB. */
export const TILE_BUDGET_BYTES = 64 * 2 ** 20;

/** Halo rows for `tvIterations` FGP iterations (0 when there is no TV prox: the gradient step is pointwise). */
export function haloRows(tv: boolean, tvIterations: number): number {
  return tv ? tvIterations + 1 : 0;
}

/** Bytes of wasm memory per tile row: x and maps (one row per element each), haadf, and with the 'planes' FGP p, q, r, s (the 'ring' FGP's dual is a few rows, not per tile row). */
export function tileRowBytes(width: number, elements: number, schedule: FgpSchedule = 'ring'): number {
  return width * 4 * (2 * elements + 1 + (schedule === 'planes' ? 4 : 0));
}

/** The largest tile (rows it computes) whose rows, halo included, fit `budget` bytes; at least 1. */
export function maxTileRows(width: number, elements: number, halo: number, budget = TILE_BUDGET_BYTES, schedule: FgpSchedule = 'ring'): number {
  return Math.max(1, Math.floor(budget / tileRowBytes(width, elements, schedule)) - 2 * halo);
}

/** The tiles of thread `rank`: its band of rows in near-equal tiles of at most `maxRows` rows. */
export function threadTiles(rank: number, threads: number, height: number, maxRows: number, halo: number): Tile[] {
  const [b0, b1] = band(rank, threads, height);
  const rows = b1 - b0;
  if (rows <= 0) return [];
  const count = Math.ceil(rows / maxRows);
  const tiles: Tile[] = [];
  for (let j = 0; j < count; j++) {
    const y0 = b0 + Math.floor((j * rows) / count);
    const y1 = b0 + Math.floor(((j + 1) * rows) / count);
    tiles.push({ y0, y1, top: Math.max(0, y0 - halo), bottom: Math.min(height, y1 + halo) });
  }
  return tiles;
}
