// createBackend: explicit choices, 'gpu' where no GPU mode exists, and 'auto' recording its choice.

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { GpuBackend, ReferenceBackend } from '../../../src/compute/backend/index.js';
import { CpuBackend, createBackend, gpuMode } from '../../../src/compute/node/index.js';

describe('createBackend', () => {
  it('builds the explicit choices', async () => {
    expect(await createBackend('reference')).toBeInstanceOf(ReferenceBackend);
    const cpu = await createBackend('cpu', { threads: 3 });
    expect(cpu).toBeInstanceOf(CpuBackend);
    expect(cpu.threads).toBe(3);
    expect(cpu.name).toBe('cpu×3');
  });

  it("'gpu' gives a GpuBackend where gpu.js has a GPU mode, and a clear error where it has none", async () => {
    const mode = await gpuMode();
    if (mode) expect(await createBackend('gpu')).toBeInstanceOf(GpuBackend);
    else await expect(createBackend('gpu')).rejects.toThrow(/--backend gpu: no GPU here.*--backend cpu/);
  });

  it("'auto' records its choice in the name", async () => {
    const b = await createBackend('auto', { threads: 2 });
    expect(b.name).toMatch(/\(auto: /);
    if (!(await gpuMode())) {
      expect(b).toBeInstanceOf(CpuBackend);
      expect(b.name).toBe('cpu×2 (auto: no GPU mode)');
    }
    await b.dispose();
  });

  it('rejects an unknown choice', async () => {
    await expect(createBackend('tpu' as 'cpu')).rejects.toThrow(/unknown backend/);
  });

  it("'auto' and 'cpu' do not load gpu.js where it could find no GPU (Node without headless-gl)", () => {
    const select = fileURLToPath(new URL('../../../src/compute/node/select-backend.ts', import.meta.url));
    const script = `
      import { createRequire } from 'node:module';
      const { createBackend } = await import(${JSON.stringify(select)});
      const b = await createBackend('auto', { threads: 1 });
      const loaded = () => Object.keys(createRequire(import.meta.url).cache).some((k) => k.includes('gpu.js'));
      console.log(b.name, 'gpu.js loaded:', loaded());
      await createBackend('gpu').catch((e) => console.log('gpu:', e.message.slice(0, 26)));`;
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30_000 });
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('cpu×1 (auto: no GPU mode) gpu.js loaded: false');
    expect(run.stdout).toContain('gpu: --backend gpu: no GPU here');
  });
});
