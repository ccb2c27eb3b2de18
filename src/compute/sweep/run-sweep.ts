// Running a sweep's cells as a batch job: skip the cells already done (resume), run the rest one by one, write each
// as it finishes, report progress, stop between cells (or inside a fusion) when the AbortSignal fires.

import type { FusionBackend } from '../backend/types.js';
import { FusionCancelled } from '../solve/fuse.js';
import { cellAt, makePhantom } from './grid.js';
import { runCell, type CellResult, type FuseFn, type RealisationResult, type RunCellOptions } from './run-cell.js';
import type { SweepStore } from '../node/sweep-store.js';

export type SweepProgress =
  | { kind: 'skipped'; cell: number; done: number; total: number }
  | { kind: 'realisation'; cell: number; done: number; total: number; realisation: RealisationResult }
  | { kind: 'cell'; cell: number; done: number; total: number; result: CellResult };

export interface RunSweepOptions {
  /** The cells to run (a slice of the grid, e.g. parseCellSlice); default all. */
  cells?: readonly number[];
  backend?: FusionBackend;
  signal?: AbortSignal;
  onProgress?: (p: SweepProgress) => void;
  /** Runs one cell (default runCell); injectable for tests and other hosts. */
  runCell?: typeof runCell;
  /** The fusion call handed to runCell (default solve/fuse). */
  fuse?: FuseFn;
}

export interface SweepRun {
  /** Cells computed now, and cells skipped because a valid result was already stored. */
  ran: number[];
  skipped: number[];
  /** True when the signal stopped the run; finished cells are kept, the interrupted one is not written. */
  cancelled: boolean;
}

/** Runs the given cells of the store's grid; resumes by skipping cells whose results are already stored. */
export async function runSweep(store: SweepStore, options: RunSweepOptions = {}): Promise<SweepRun> {
  const grid = store.grid;
  const cells = options.cells ?? Array.from({ length: grid.haadfSnr.length * grid.chemSnr.length }, (_, k) => k);
  for (const k of cells) cellAt(grid, k); // a RangeError before any work for a cell outside the grid
  const run = options.runCell ?? runCell;
  const phantom = makePhantom(grid);
  const out: SweepRun = { ran: [], skipped: [], cancelled: false };
  const total = cells.length;
  let done = 0;
  for (const k of cells) {
    if (options.signal?.aborted) { out.cancelled = true; break; }
    if (await store.hasCell(k)) {
      out.skipped.push(k);
      options.onProgress?.({ kind: 'skipped', cell: k, done: ++done, total });
      continue;
    }
    const cellOptions: RunCellOptions = {
      phantom, backend: options.backend, signal: options.signal, fuse: options.fuse,
      onRealisation: (realisation) => options.onProgress?.({ kind: 'realisation', cell: k, done, total, realisation }),
    };
    let result: CellResult;
    try {
      result = await run(grid, store.gridId, k, cellOptions);
    } catch (e) {
      if (e instanceof FusionCancelled || (options.signal?.aborted && e instanceof Error && e.name === 'AbortError')) { out.cancelled = true; break; }
      throw e;
    }
    await store.writeCell(result);
    out.ran.push(k);
    options.onProgress?.({ kind: 'cell', cell: k, done: ++done, total, result });
  }
  return out;
}
