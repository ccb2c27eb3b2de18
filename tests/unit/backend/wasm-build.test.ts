// The committed WebAssembly kernels are what their AssemblyScript sources compile to (npm run build:wasm).

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

it('kernels-wasm.generated.ts is byte-identical to a fresh build of the .as sources', () => {
  const build = fileURLToPath(new URL('../../../src/compute/backend/cpu/wasm/build.mjs', import.meta.url));
  const run = spawnSync(process.execPath, [build, '--check'], { encoding: 'utf8', timeout: 60_000 });
  expect(run.stderr).toContain('up to date');
  expect(run.status).toBe(0);
});
