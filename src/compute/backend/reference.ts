// The reference backend: each term computed by its readable function in model/ and tv/, one pass
// per operation, fresh arrays each iteration. It is the oracle the fast backends are tested
// against, and the "straightforward single-threaded" baseline the benchmark compares with.

import type { CostTerms, FusionBackend, KernelProblem } from './types.js';
import { haadfCost, haadfGradient } from '../model/haadf-term.js';
import { chemCost, chemGradient } from '../model/chem-term.js';
import { fgpProx } from '../tv/fgp.js';
import { stackTotalVariation } from '../tv/tv-value.js';

export class ReferenceBackend implements FusionBackend {
  readonly name = 'reference';
  readonly threads = 1;
  private problem: KernelProblem | null = null;

  async setup(problem: KernelProblem): Promise<void> {
    this.problem = problem;
  }

  private get bound(): KernelProblem {
    if (!this.problem) throw new Error('ReferenceBackend: setup() was not called');
    return this.problem;
  }

  async iterate(): Promise<void> {
    const pr = this.bound;
    const { x, maps, haadf, weights, gamma } = pr;
    const g1 = haadfGradient(x, haadf, weights, gamma);
    const g2 = chemGradient(pr.dataTerm, x, maps, pr.eps, pr.mapWeights);
    for (let k = 0; k < x.length; k++) {
      const v = x[k]! - pr.stepHaadf * g1[k]! - pr.lambdaChem * g2[k]!; // gradient step on Ψ1 + λ_chem Ψ2
      x[k] = v > 0 ? v : 0; // x ≥ 0
    }
    if (pr.lambdaTV > 0 && pr.tvIterations > 0) {
      const n = pr.width * pr.height;
      for (let i = 0; i < pr.elements; i++) {
        const xi = x.subarray(i * n, (i + 1) * n);
        xi.set(fgpProx(xi, pr.width, pr.height, pr.lambdaTV, pr.tvIterations, true).x);
      }
    }
  }

  async costs(): Promise<CostTerms> {
    const pr = this.bound;
    return {
      haadf: haadfCost(pr.x, pr.haadf, pr.weights, pr.gamma),
      chem: chemCost(pr.dataTerm, pr.x, pr.maps, pr.eps, pr.mapWeights),
      tv: stackTotalVariation(pr.x, pr.width, pr.height, pr.elements),
    };
  }

  async dispose(): Promise<void> {
    this.problem = null;
  }
}
