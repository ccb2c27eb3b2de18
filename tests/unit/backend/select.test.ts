// createBackend: explicit choices, 'gpu' where no GPU mode exists, and 'auto' recording its choice.

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
    else await expect(createBackend('gpu')).rejects.toThrow(/no GPU backend here.*--backend cpu/);
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
});
