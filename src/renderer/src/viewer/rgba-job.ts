/**
 * Converting large layers to RGBA a slice at a time, so that a fusion's preview updates (a full conversion of
 * 1024² × 4 layers is 40–60 ms on the 2-core machine) do not stall panning and zooming: each animation frame
 * gives the conversion a few milliseconds, the view keeps drawing the previous texture meanwhile, and updates
 * that arrive during a conversion are coalesced (only the latest is converted next). Pure logic (the caller
 * supplies the clock and calls `step`), no DOM.
 */
import { checkLayers, layersToRgbaRows, type Layer, type ViewMode } from './layers.js';

/** Below this many pixel × layer values a conversion is done at once (a few ms). */
export const SLICED_MIN_WORK = 1 << 19;

/** A conversion's own copy of what it converts: later edits to the caller's layers cannot tear it. */
export function snapshotLayers(layers: readonly Layer[]): Layer[] {
  return layers.map((l) => ({
    name: l.name, data: l.data, width: l.width, height: l.height, visible: l.visible, lo: l.lo, hi: l.hi,
    gamma: l.gamma, ...(l.color ? { color: [l.color[0], l.color[1], l.color[2]] as [number, number, number] } : {}),
    ...(l.colormap !== undefined ? { colormap: l.colormap } : {}),
  }));
}

export interface RgbaResult {
  rgba: Uint8Array;
  width: number;
  height: number;
}

/**
 * One conversion in progress plus at most one waiting. Two output buffers alternate, so the buffer the texture
 * was last given is not written while the next one is computed.
 */
export class SlicedRgba {
  private job: { layers: Layer[]; mode: ViewMode; width: number; height: number; row: number; out: Uint8Array } | null = null;
  private waiting: { layers: Layer[]; mode: ViewMode } | null = null;
  private buffers: [Uint8Array, Uint8Array] = [new Uint8Array(0), new Uint8Array(0)];
  private flip = 0;

  constructor(
    private readonly budgetMs = 6,
    private readonly now: () => number = () => performance.now(),
    /** Pixels converted between clock checks. */
    private readonly chunkPixels = 1 << 15,
  ) {}

  /** True while a conversion is running or waiting. */
  get busy(): boolean {
    return this.job !== null || this.waiting !== null;
  }

  /** Queues a conversion (replacing any waiting one). Throws (RangeError) at once on invalid layers. */
  request(layers: readonly Layer[], mode: ViewMode): void {
    checkLayers(layers);
    this.waiting = { layers: snapshotLayers(layers), mode };
    if (!this.job) this.startWaiting();
  }

  /** Drops the running and waiting conversions. */
  cancel(): void {
    this.job = null;
    this.waiting = null;
  }

  private startWaiting(): void {
    const w = this.waiting;
    this.waiting = null;
    if (!w) return;
    const size = checkLayers(w.layers);
    const width = size?.width ?? 0;
    const height = size?.height ?? 0;
    const bytes = 4 * width * height;
    this.flip ^= 1;
    if (this.buffers[this.flip]!.length !== bytes) this.buffers[this.flip] = new Uint8Array(bytes);
    this.job = { layers: w.layers, mode: w.mode, width, height, row: 0, out: this.buffers[this.flip]! };
  }

  /**
   * Converts rows for about budgetMs. Returns the finished image when a conversion completed in this step (the
   * next waiting one, if any, starts on the following step), else null.
   */
  step(): RgbaResult | null {
    const job = this.job;
    if (!job) {
      this.startWaiting();
      return null;
    }
    const t0 = this.now();
    const rowsPerChunk = Math.max(1, Math.floor(this.chunkPixels / Math.max(1, job.width)));
    while (job.row < job.height) {
      const end = Math.min(job.height, job.row + rowsPerChunk);
      layersToRgbaRows(job.layers, job.mode, job.out, job.row, end);
      job.row = end;
      if (this.now() - t0 >= this.budgetMs) break;
    }
    if (job.row < job.height) return null;
    this.job = null;
    if (this.waiting) this.startWaiting();
    return { rgba: job.out, width: job.width, height: job.height };
  }
}
