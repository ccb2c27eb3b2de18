// CpuBackend.prepare(): the worker threads start before the first setup() (the CLI starts them while it reads and
// plans), and the backend then computes exactly what one without prepare() computes.

import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../../../src/compute/node/index.js';
import { randomProblem } from './problems.js';

const spec = { width: 40, height: 33, elements: 3, gamma: 1.7, dataTerm: 'poisson', lambdaTV: 0.1 } as const;

describe('CpuBackend.prepare', () => {
  it('starts the workers ahead of setup(), once, and the iterates and costs are those of a backend set up cold', async () => {
    const warm = new CpuBackend({ threads: 3 }), cold = new CpuBackend({ threads: 3 });
    try {
      warm.prepare();
      warm.prepare(); // a second call starts nothing more
      const a = randomProblem(spec), b = randomProblem(spec);
      await Promise.all([warm.setup(a), cold.setup(b)]);
      expect(warm.workerThreadIds).toHaveLength(2);
      for (let k = 0; k < 3; k++) expect(await warm.step()).toEqual(await cold.step());
      expect(a.x).toEqual(b.x);
      const ids = warm.workerThreadIds;
      await warm.setup(randomProblem({ ...spec, seed: 9 })); // the next problem binds to the same threads
      expect(warm.workerThreadIds).toEqual(ids);
    } finally {
      await Promise.all([warm.dispose(), cold.dispose()]);
    }
  });

  it('lets dispose() stop workers that are still starting, and a later setup() start them again', async () => {
    const backend = new CpuBackend({ threads: 2 });
    backend.prepare();
    await backend.dispose();
    expect(backend.workerThreadIds).toEqual([]);
    await backend.setup(randomProblem(spec));
    await backend.iterate();
    expect(backend.workerThreadIds).toHaveLength(1);
    await backend.dispose();
  });
});
