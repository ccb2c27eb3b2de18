// One thread's share of the CPU backend with the WebAssembly kernels: its band of rows in tiles (tiles.ts),
// each computed in the thread's own wasm memory (wasm/layout.ts): the tile's rows with their halo are copied
// in, the gradient step and the whole FGP (fgpTile: all inner iterations in one sweep) run there, and the
// tile's own rows are copied back. Rows of a neighbouring tile that the halo reads are saved first (one barrier),
// so tiles can be written back in any order. Two barriers per outer iteration; nothing allocated after setup.

import { arriveAndWait, CONTROL } from './barrier.js';
import { powMode, writePowTables } from './fast-pow.js';
import { fgpMomenta, float32, type PlanInit } from './plan-init.js';
import type { ThreadPlan } from './plan.js';
import { haloRows, threadTiles, type Tile } from './tiles.js';
import { instantiateKernels, type KernelsWasmExports } from './wasm/kernels-module.js';
import { wasmLayout, type WasmLayout } from './wasm/layout.js';
import { wasmApi, type WasmMemory } from './wasm/webassembly-api.js';

/** WebAssembly's 32-bit memory: 65536 pages of 64 KiB. */
export const MAX_PAGES = 65536;

/** A thread's wasm memory and its instance, kept from one problem to the next (grown when too small). */
export interface ThreadWasm {
  readonly memory: WasmMemory;
  readonly exports: KernelsWasmExports;
  pages: number;
  /** The most pages this memory can grow to (a shared memory reserves its maximum up front). */
  readonly maximum: number;
}

/** Pages a thread's memory may grow to without being replaced: 128 MiB, twice the default tile budget. */
const RESERVE_PAGES = 2048;

/** The memory `cache` if it can hold `pages` (grown if needed), else a new one. */
export function threadWasm(init: PlanInit, pages: number, cache: ThreadWasm | null): ThreadWasm {
  if (!init.wasmModule || !wasmApi) throw new Error('CpuBackend: wasm kernels without a wasm module');
  if (pages > MAX_PAGES) throw new Error(`CpuBackend: a tile needs ${pages} pages of wasm memory, more than ${MAX_PAGES}`);
  if (cache && pages <= cache.maximum) {
    if (cache.pages < pages) {
      cache.memory.grow(pages - cache.pages);
      cache.pages = pages;
    }
    return cache;
  }
  const maximum = Math.min(MAX_PAGES, Math.max(pages, RESERVE_PAGES));
  const memory = new wasmApi.Memory({ initial: pages, maximum, shared: true });
  return { memory, exports: instantiateKernels(init.wasmModule, memory), pages, maximum };
}

export class WasmTilePlan implements ThreadPlan {
  readonly wasm: ThreadWasm;
  private readonly init: PlanInit;
  private readonly rank: number;
  private readonly tiles: Tile[];
  private readonly layout: WasmLayout;
  private readonly heap: Float32Array;
  private readonly costOut: Float64Array;
  private readonly x: Float32Array;
  private readonly maps: Float32Array;
  private readonly haadf: Float32Array;
  /** Halo rows of every tile of this thread (rows other tiles overwrite), saved before any tile is written. */
  private readonly halos: Float32Array;
  private readonly haloAt: number[];
  /** Whether tiles read other tiles' rows (TV with more than one tile in all): then halos are saved first, behind a barrier. */
  private readonly haloSync: boolean;
  /** With one tile, its maps stay in wasm memory for the whole problem. */
  private readonly mapsResident: boolean;
  private readonly tv: boolean;
  private readonly sums: Float64Array;
  private readonly control: Int32Array;
  private readonly powMode: number;
  /** step()'s running cost sums (Σr², Ψ2 sum, TV). */
  private readonly stepSums = new Float64Array(3);

  constructor(init: PlanInit, rank: number, cache: ThreadWasm | null) {
    if (init.mapWeights) throw new Error('CpuBackend: the WebAssembly kernels take no per-pixel weights of Ψ2 (use the TypeScript kernels)');
    this.init = init;
    this.rank = rank;
    const { width: w, height: h, elements: ne, tvIterations: K } = init;
    this.tv = init.lambdaTV > 0 && K > 0;
    const halo = haloRows(this.tv, K);
    this.tiles = threadTiles(rank, init.threads, h, init.tileRows, halo);
    let allTiles = 0;
    for (let r = 0; r < init.threads; r++) allTiles += threadTiles(r, init.threads, h, init.tileRows, halo).length;
    this.haloSync = this.tv && allTiles > 1;
    const rows = Math.max(1, ...this.tiles.map((t) => t.bottom - t.top)) + 1; // + the row below for the TV cost
    this.layout = wasmLayout(w, rows, ne, K, init.fgpSchedule);
    this.wasm = threadWasm(init, this.layout.pages, cache);
    const buffer = this.wasm.memory.buffer;
    this.heap = new Float32Array(buffer);
    this.costOut = new Float64Array(buffer, this.layout.costs, 3);
    new Uint8Array(buffer, this.layout.zeros, this.layout.rowBytes).fill(0); // a reused memory holds an earlier problem's data
    new Float64Array(buffer, this.layout.weights, ne).set(init.weights);
    new Float32Array(buffer, this.layout.momenta, K).set(fgpMomenta(K)); // as float32, as the kernels' f32 parameter
    writePowTables(buffer, this.layout.tables);
    this.x = float32(init.x);
    this.maps = float32(init.maps);
    this.haadf = float32(init.haadf);
    this.haloAt = [];
    let haloFloats = 0;
    for (const t of this.tiles) {
      this.haloAt.push(haloFloats);
      haloFloats += (t.y0 - t.top + t.bottom - t.y1) * w * ne;
    }
    this.halos = new Float32Array(haloFloats);
    this.mapsResident = this.tiles.length === 1;
    if (this.mapsResident) this.loadRows(this.maps, this.layout.maps, this.tiles[0]!.top, this.tiles[0]!.bottom, 0);
    this.sums = new Float64Array(init.sums);
    this.control = new Int32Array(init.control, 0, CONTROL.length);
    this.powMode = powMode(init.gamma - 1);
  }

  private sync(): void {
    arriveAndWait(this.control, this.init.threads);
  }

  /** Rows [from, to) of every element of `stack` (the problem's layout) into wasm memory at `at`, starting at local row `local`. */
  private loadRows(stack: Float32Array, at: number, from: number, to: number, local: number): void {
    const { width: w, height: h, elements } = this.init;
    const n = w * h;
    const stride = this.layout.stride;
    for (let i = 0; i < elements; i++) this.heap.set(stack.subarray(i * n + from * w, i * n + to * w), at / 4 + i * stride + local * w);
  }

  /** The rows of x that tile j reads but does not own, from the problem (before any tile writes) into halos. */
  private saveHalos(): void {
    const { width: w, height: h, elements } = this.init;
    const n = w * h;
    this.tiles.forEach((t, j) => {
      let o = this.haloAt[j]!;
      for (const [from, to] of [[t.top, t.y0], [t.y1, t.bottom]] as const) {
        if (to <= from) continue;
        for (let i = 0; i < elements; i++) {
          this.halos.set(this.x.subarray(i * n + from * w, i * n + to * w), o);
          o += (to - from) * w;
        }
      }
    });
  }

  /** Tile j's rows [top, bottom) of x into wasm memory: its own rows from the problem, its halo from the saved copy. */
  private loadTileX(j: number): void {
    const t = this.tiles[j]!;
    const { width: w, height: h, elements } = this.init;
    const n = w * h;
    const stride = this.layout.stride;
    const base = this.layout.x / 4;
    let o = this.haloAt[j]!;
    const fromHalo = (from: number, to: number) => {
      for (let i = 0; i < elements; i++) {
        const len = (to - from) * w;
        this.heap.set(this.halos.subarray(o, o + len), base + i * stride + (from - t.top) * w);
        o += len;
      }
    };
    if (t.y0 > t.top) fromHalo(t.top, t.y0);
    for (let i = 0; i < elements; i++) this.heap.set(this.x.subarray(i * n + t.y0 * w, i * n + t.y1 * w), base + i * stride + (t.y0 - t.top) * w);
    if (t.bottom > t.y1) fromHalo(t.y1, t.bottom);
  }

  /** This thread's share of one outer iteration (FusionBackend.iterate). */
  iterate(): void {
    this.iterateTiles(false);
    this.sync(); // done: the main thread may return
  }

  /**
   * One outer iteration and the cost terms at its result (FusionBackend.step): each tile's rows but its last are summed
   * right after the tile's FGP, from the wasm memory that holds them; the last row of every tile (whose TV reads the
   * next tile's first row) after all tiles are written back.
   */
  step(): void {
    const { width: w, height: h } = this.init;
    const L = this.layout;
    const sums = this.iterateTiles(true);
    this.sync(); // every tile written back: the rows below the tiles' last rows are final
    for (const t of this.tiles) {
      if (t.y1 <= t.y0) continue;
      const row = t.y1 - 1, local = row - t.top; // where row `row` sits in the tile's layout (maps stay resident there)
      const below = t.y1 < h ? 1 : 0;
      this.loadRows(this.x, L.x, row, t.y1 + below, local);
      if (!this.mapsResident) this.loadRows(this.maps, L.maps, row, t.y1, local);
      this.heap.set(this.haadf.subarray(row * w, t.y1 * w), L.haadf / 4 + local * w);
      this.addCostRows(sums, local, local + 1, below);
    }
    this.storeSums(sums);
    this.sync();
  }

  /** costRows over local rows [from, to) of the tile in wasm memory, added to `sums` (Σr², Ψ2 sum, TV). */
  private addCostRows(sums: Float64Array, from: number, to: number, tvLast: number): void {
    const init = this.init, L = this.layout;
    this.wasm.exports.costRows(L.x, L.maps, L.haadf, L.weights, init.elements, L.stride, init.width, from, to, tvLast, init.gamma, init.eps, init.poisson ? 1 : 0, this.powMode, L.tables, L.costs);
    sums[0]! += this.costOut[0]!;
    sums[1]! += this.costOut[1]!;
    sums[2]! += this.costOut[2]!;
  }

  /** This thread's cost sums into sums[3·rank ..], with the ½ of Ψ1 and of least squares. */
  private storeSums(s: Float64Array): void {
    const o = 3 * this.rank;
    this.sums[o] = 0.5 * s[0]!;
    this.sums[o + 1] = this.init.poisson ? s[1]! : 0.5 * s[1]!;
    this.sums[o + 2] = s[2]!;
  }

  /** Every tile of this thread through the gradient step and the FGP; with `costs`, the cost sums of each tile's rows but its last. */
  private iterateTiles(costs: boolean): Float64Array {
    const sums = this.stepSums;
    sums.fill(0);
    const { width: w, height: h, elements: ne, tvIterations: K, lambdaTV } = this.init;
    const n = w * h;
    const L = this.layout;
    const f = this.wasm.exports;
    const fgp = this.init.fgpSchedule === 'planes' ? f.fgpTilePlanes : f.fgpTile;
    const init = this.init;
    if (this.haloSync) {
      this.saveHalos();
      this.sync(); // every halo saved before any tile is written back (the same on every thread, tiles or not)
    }
    for (let j = 0; j < this.tiles.length; j++) {
      const t = this.tiles[j]!;
      const rows = t.bottom - t.top;
      this.loadTileX(j);
      if (!this.mapsResident) this.loadRows(this.maps, L.maps, t.top, t.bottom, 0);
      this.heap.set(this.haadf.subarray(t.top * w, t.bottom * w), L.haadf / 4); // the solver may rewrite h between iterations
      f.gradientStep(L.x, L.maps, L.haadf, L.weights, ne, L.stride, 0, rows * w, init.gamma, init.stepHaadf, init.lambdaChem, init.eps, init.poisson ? 1 : 0, this.powMode, L.gradientScratch);
      for (let i = 0; i < ne; i++) {
        const xi = L.x + i * L.stride * 4;
        if (this.tv) fgp(xi, L.dual, w, rows, K, lambdaTV, L.momenta, L.z, L.zeros, xi, t.y0 - t.top, t.y1 - t.top);
        const local = L.x / 4 + i * L.stride + (t.y0 - t.top) * w;
        this.x.set(this.heap.subarray(local, local + (t.y1 - t.y0) * w), i * n + t.y0 * w);
      }
      if (costs && t.y1 - 1 > t.y0) this.addCostRows(sums, t.y0 - t.top, t.y1 - 1 - t.top, 1);
    }
    return sums;
  }

  /** This thread's partial cost sums, into sums[3·rank ..]; the main thread adds them after the barrier. */
  costs(): void {
    const { width: w, height: h, elements: ne } = this.init;
    const init = this.init;
    const L = this.layout;
    const f = this.wasm.exports;
    let psi1 = 0, psi2 = 0, tv = 0;
    for (const t of this.tiles) {
      const local = t.y0 - t.top; // where the resident maps have row y0
      const below = t.y1 < h ? 1 : 0;
      this.loadRows(this.x, L.x, t.y0, t.y1 + below, local);
      if (!this.mapsResident) this.loadRows(this.maps, L.maps, t.y0, t.y1, local);
      this.heap.set(this.haadf.subarray(t.y0 * w, t.y1 * w), L.haadf / 4 + local * w);
      f.costRows(L.x, L.maps, L.haadf, L.weights, ne, L.stride, w, local, local + t.y1 - t.y0, below, init.gamma, init.eps, init.poisson ? 1 : 0, this.powMode, L.tables, L.costs);
      psi1 += this.costOut[0]!;
      psi2 += this.costOut[1]!;
      tv += this.costOut[2]!;
    }
    const o = 3 * this.rank;
    this.sums[o] = 0.5 * psi1;
    this.sums[o + 1] = init.poisson ? psi2 : 0.5 * psi2;
    this.sums[o + 2] = tv;
    this.sync();
  }
}
