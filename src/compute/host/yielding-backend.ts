// A FusionBackend that wraps the real one for the compute process: it lets the event loop turn before every
// iteration, so a 'cancel' message is read while fuse() runs (with inline kernels fuse() would otherwise hold
// the thread until it finishes).

import type { CostTerms, FusionBackend, KernelProblem } from '../backend/types.js';

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export class YieldingBackend implements FusionBackend {
  constructor(private readonly inner: FusionBackend) {}

  get name(): string { return this.inner.name; }
  get threads(): number { return this.inner.threads; }

  setup(problem: KernelProblem): Promise<void> { return this.inner.setup(problem); }

  async iterate(): Promise<void> {
    await turn();
    await this.inner.iterate();
  }

  costs(): Promise<CostTerms> { return this.inner.costs(); }

  async step(): Promise<CostTerms> {
    await turn();
    if (this.inner.step) return this.inner.step();
    await this.inner.iterate();
    return this.inner.costs();
  }

  /** Disposes the wrapped backend. */
  dispose(): Promise<void> { return this.inner.dispose(); }
}
