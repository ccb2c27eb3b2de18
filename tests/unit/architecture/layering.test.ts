// The floors of docs/ARCHITECTURE.md, checked on the import graph of src/ (rules in import-graph.ts): cli on top,
// imported by nobody; main and renderer beside each other, never importing each other or cli; shared (the API
// contract, the figure code) under them; compute at the bottom, its Node-only pieces in adapter folders so that
// the engine (solve, model, tv, the kernels, …) loads in a browser worker.

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findViolations, moduleGraph } from './import-graph.js';

const SRC = path.resolve(import.meta.dirname, '../../../src');

describe('the import graph of src/', () => {
  it('reads every source file and its imports', () => {
    const graph = moduleGraph(SRC);
    expect(graph.files.size).toBeGreaterThan(250);
    // known edges, so that a parser finding nothing cannot pass the rules below
    expect(graph.files.get('cli/commands/serve.ts')!.imports.map((i) => i.target)).toContain('main/server/index.ts');
    expect(graph.files.get('renderer/src/viewer/layers.ts')!.imports.map((i) => i.target)).toContain('shared/figure/index.ts');
    expect(graph.files.get('compute/node/cpu/workers.ts')!.imports.map((i) => i.target)).toContain('node:worker_threads');
  });

  it('goes down or sideways, never up: no file crosses a floor the wrong way', () => {
    expect(findViolations(moduleGraph(SRC))).toEqual([]);
  });
});

describe('the rules', () => {
  it('catch a back-edge from the engine to the command line, and a node: module in the solver', () => {
    const graph = moduleGraph(SRC);
    graph.files.get('compute/solve/fuse.ts')!.imports.push(
      { specifier: '../../cli/args.js', target: 'cli/args.ts', typeOnly: true },
      { specifier: 'node:os', target: 'node:os', typeOnly: false },
    );
    const found = findViolations(graph);
    expect(found).toContain('compute/solve/fuse.ts imports cli/args.ts: compute may not import cli');
    expect(found).toContain('compute/solve/fuse.ts imports node:os: compute imports node: modules only in compute/node, compute/io, compute/host');
    expect(found).toContain('compute/solve/fuse.ts cannot load in a browser worker: it reaches node:os through itself');
    expect(found).toContain('compute/sensitivity/gamma-scan.ts cannot load in a browser worker: it reaches node:os through compute/solve/fuse.ts');
  });

  it('catch main importing the renderer or cli, and shared importing compute internals', () => {
    const graph = moduleGraph(SRC);
    graph.files.get('main/services/app/exports.ts')!.imports.push({ specifier: 'x', target: 'renderer/src/viewer/layers.ts', typeOnly: false });
    graph.files.get('main/services/project/results.ts')!.imports.push({ specifier: 'x', target: 'cli/io.ts', typeOnly: true });
    graph.files.get('shared/api/schemas/common.ts')!.imports.push({ specifier: 'x', target: 'compute/solve/fuse.ts', typeOnly: true });
    const found = findViolations(graph);
    expect(found).toContain('main/services/app/exports.ts imports renderer/src/viewer/layers.ts: main may not import renderer');
    expect(found).toContain('main/services/project/results.ts imports cli/io.ts: main may not import cli');
    expect(found.some((v) => v.startsWith('shared/api/schemas/common.ts imports compute/solve/fuse.ts: shared imports compute only through'))).toBe(true);
  });
});
