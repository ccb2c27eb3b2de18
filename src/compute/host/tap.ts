// A FusionBackend that wraps the real one for the compute process: it lets the event loop turn before every
// iteration (so a 'cancel' message is read while fuse() runs; with inline kernels fuse() would otherwise hold
// the thread until it finishes) and exposes the current iterate for previews and resumable cancels.

import type { CostTerms, FusionBackend, KernelProblem } from '../backend/types.js';

/** The iterate the backend is working on: a live view (working units), valid until the next iteration. */
export interface Iterate {
  width: number;
  height: number;
  elements: number;
  x: Float32Array;
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export class TappedBackend implements FusionBackend {
  private problem: KernelProblem | null = null;

  constructor(private readonly inner: FusionBackend) {}

  get name(): string { return this.inner.name; }
  get threads(): number { return this.inner.threads; }

  async setup(problem: KernelProblem): Promise<void> {
    this.problem = problem;
    await this.inner.setup(problem);
  }

  async iterate(): Promise<void> {
    await turn();
    await this.inner.iterate();
  }

  costs(): Promise<CostTerms> { return this.inner.costs(); }

  /** Disposes the wrapped backend. */
  dispose(): Promise<void> { return this.inner.dispose(); }

  /** The current problem's iterate, or null before the first setup(). */
  current(): Iterate | null {
    const p = this.problem;
    return p ? { width: p.width, height: p.height, elements: p.elements, x: p.x } : null;
  }
}
