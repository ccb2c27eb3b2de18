// A sweep directory: DIR/sweep.json (the grid and its id) and DIR/cells/<k>.json (one finished cell each, written
// atomically as it finishes). A cell counts as done only when its file parses, names this grid's id and its own
// cell number; anything else (missing, partial, corrupt, from another grid) is redone. Node only (file system).

import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../io/atomic.js';
import { canonicalJson, cellCount, gridId, makeGrid, SWEEP_FORMAT, SWEEP_VERSION, type SweepGrid } from '../sweep/grid.js';
import type { CellResult } from '../sweep/run-cell.js';

/** What sweep.json holds. */
export interface SweepFile {
  gridId: string;
  grid: SweepGrid;
  createdAt: string;
}

/** The sweep's results so far: matrices indexed [i][j] (rows HAADF SNR, columns chemical SNR), null where missing. */
export interface SweepCollection {
  gridId: string;
  grid: SweepGrid;
  elements: string[];
  /** Mean over elements and realisations of the fused maps' NRMSE. */
  meanNrmse: (number | null)[][];
  /** Its standard deviation over the realisations. */
  meanNrmseSd: (number | null)[][];
  /** Per element, mean over realisations. */
  nrmse: Record<string, (number | null)[][]>;
  /** The raw (unfused) maps' mean NRMSE. */
  rawMeanNrmse: (number | null)[][];
  /** Predicted relative error per cell (run-cell.ts averageStderr); null where a cell has none. */
  averageStderr: (number | null)[][];
  /** Pearson correlation between meanNrmse and averageStderr over the cells that have both (null below 3 cells). */
  stderrCorrelation: number | null;
  cells: (CellResult | null)[];
  /** Cells without a valid result, ascending. */
  missing: number[];
  complete: boolean;
}

/** Thrown when DIR already holds a different sweep (or something that is not a sweep). */
export class SweepMismatch extends Error {
  override readonly name = 'SweepMismatch';
}

const enc = new TextEncoder();

async function readJson(file: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as unknown;
  } catch (e) {
    if ((e as { code?: string }).code === 'ENOENT') return undefined;
    if (e instanceof SyntaxError) return null; // present but not JSON
    throw e;
  }
}

function isCellResult(v: unknown, id: string, k: number): v is CellResult {
  if (v === null || typeof v !== 'object') return false;
  const c = v as Partial<CellResult>;
  return c.gridId === id && c.cell === k && typeof c.meanNrmse === 'number' && Array.isArray(c.realisations) &&
    c.nrmse !== null && typeof c.nrmse === 'object' && Array.isArray(c.elements);
}

/** Pearson's r of (x, y) pairs; null with fewer than 3 pairs or no spread. */
export function pearson(pairs: [number, number][]): number | null {
  const n = pairs.length;
  if (n < 3) return null;
  const mx = pairs.reduce((s, [x]) => s + x, 0) / n, my = pairs.reduce((s, [, y]) => s + y, 0) / n;
  let sxy = 0, sxx = 0, syy = 0;
  for (const [x, y] of pairs) { sxy += (x - mx) * (y - my); sxx += (x - mx) ** 2; syy += (y - my) ** 2; }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : null;
}

export class SweepStore {
  private constructor(readonly dir: string, readonly grid: SweepGrid, readonly gridId: string) {}

  static sweepFile(dir: string): string { return join(dir, 'sweep.json'); }

  /**
   * Opens DIR for `grid`: creates it (and sweep.json) when new, or checks that the sweep.json there describes the
   * same grid; a different grid is a SweepMismatch (a sweep directory holds one sweep).
   */
  static async create(dir: string, grid: SweepGrid): Promise<SweepStore> {
    const id = gridId(grid);
    const existing = await readJson(SweepStore.sweepFile(dir));
    if (existing !== undefined) {
      const stored = SweepStore.parse(dir, existing);
      if (stored.gridId !== id) {
        throw new SweepMismatch(`${dir} holds another sweep (grid ${stored.gridId}, this one is ${id}): use another --out, or the same grid to resume`);
      }
      return stored;
    }
    await mkdir(join(dir, 'cells'), { recursive: true });
    const file: SweepFile = { gridId: id, grid, createdAt: new Date().toISOString() };
    await writeFileAtomic(SweepStore.sweepFile(dir), enc.encode(JSON.stringify(file, null, 2) + '\n'));
    return new SweepStore(dir, grid, id);
  }

  /** Opens an existing sweep directory (for collect); a SweepMismatch when DIR holds no readable sweep.json. */
  static async open(dir: string): Promise<SweepStore> {
    const existing = await readJson(SweepStore.sweepFile(dir));
    if (existing === undefined) throw new SweepMismatch(`${dir} is not a sweep directory (no sweep.json)`);
    return SweepStore.parse(dir, existing);
  }

  private static parse(dir: string, v: unknown): SweepStore {
    const f = v as Partial<SweepFile> | null;
    if (!f || typeof f !== 'object' || !f.grid || f.grid.format !== SWEEP_FORMAT || typeof f.gridId !== 'string') {
      throw new SweepMismatch(`${SweepStore.sweepFile(dir)} is not a fusem sweep file`);
    }
    if (f.grid.version !== SWEEP_VERSION) {
      throw new SweepMismatch(`${SweepStore.sweepFile(dir)} is sweep format version ${String(f.grid.version)}; this fusem reads version ${SWEEP_VERSION}`);
    }
    let grid: SweepGrid;
    try {
      grid = makeGrid(f.grid);
    } catch (e) {
      throw new SweepMismatch(`${SweepStore.sweepFile(dir)}: ${(e as Error).message}`);
    }
    const id = gridId(grid);
    if (id !== f.gridId || canonicalJson(grid) !== canonicalJson(f.grid)) {
      throw new SweepMismatch(`${SweepStore.sweepFile(dir)} was edited: its grid no longer matches its id ${f.gridId}`);
    }
    return new SweepStore(dir, grid, id);
  }

  cellFile(k: number): string { return join(this.dir, 'cells', `${k}.json`); }

  /** Cell k's result, or undefined when it is missing or not a valid result of this grid (corrupt, foreign). */
  async readCell(k: number): Promise<CellResult | undefined> {
    const v = await readJson(this.cellFile(k));
    return isCellResult(v, this.gridId, k) ? v : undefined;
  }

  async hasCell(k: number): Promise<boolean> {
    return (await this.readCell(k)) !== undefined;
  }

  /** Writes a finished cell atomically (temp file + rename). */
  async writeCell(result: CellResult): Promise<void> {
    if (result.gridId !== this.gridId) throw new Error(`cell ${result.cell} belongs to grid ${result.gridId}, not ${this.gridId}`);
    await mkdir(join(this.dir, 'cells'), { recursive: true });
    await writeFileAtomic(this.cellFile(result.cell), enc.encode(JSON.stringify(result, null, 2) + '\n'));
  }

  /** Every valid cell result as matrices; missing cells are null and listed. */
  async collect(): Promise<SweepCollection> {
    const g = this.grid;
    const rows = g.haadfSnr.length, cols = g.chemSnr.length;
    const cells: (CellResult | null)[] = [];
    for (let k = 0; k < cellCount(g); k++) cells.push((await this.readCell(k)) ?? null);
    const elements = cells.find((c) => c !== null)?.elements ?? [];
    const matrix = (pick: (c: CellResult) => number | undefined): (number | null)[][] =>
      Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => {
        const c = cells[i * cols + j];
        const v = c ? pick(c) : undefined;
        return typeof v === 'number' ? v : null;
      }));
    const missing = cells.flatMap((c, k) => (c === null ? [k] : []));
    return {
      gridId: this.gridId, grid: g, elements,
      meanNrmse: matrix((c) => c.meanNrmse),
      meanNrmseSd: matrix((c) => c.meanNrmseSd),
      nrmse: Object.fromEntries(elements.map((el) => [el, matrix((c) => c.nrmse[el])])),
      rawMeanNrmse: matrix((c) => c.rawMeanNrmse),
      averageStderr: matrix((c) => c.averageStderr),
      stderrCorrelation: pearson(cells.flatMap((c) => (c && typeof c.averageStderr === 'number' ? [[c.meanNrmse, c.averageStderr] as [number, number]] : []))),
      cells, missing, complete: missing.length === 0,
    };
  }
}
