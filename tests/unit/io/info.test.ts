// `fusem info FILE [--json]`: what a file holds, as text or JSON; bad input exits 2 with one line.

import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { infoCommand } from '../../../src/cli/commands/info.js';
import { closeHdf5Worker } from '../../../src/compute/io/index.js';
import { FIXTURES, IO, hasSample, tempDir } from './paths.js';
import { writeFileSync } from 'node:fs';

afterAll(() => closeHdf5Worker());

async function run(args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await infoCommand(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

describe('fusem info', () => {
  it.skipIf(!hasSample('io/velox_v11_SI_16x16.emd'))('--json lists every image of a Velox file', async () => {
    const f = join(IO, 'velox_v11_SI_16x16.emd');
    const { code, out, err } = await run([f, '--json']);
    expect([code, err]).toEqual([0, []]);
    const j = JSON.parse(out.join('\n')) as { file: string; images: Record<string, unknown>[] };
    expect(j.file).toBe(f);
    const px = 3.5992492559614689e-9;
    expect(j.images).toEqual([
      { title: 'C', signal: 'EDX', element: 'C', shape: [16, 16], dtype: 'float32', pixelSize: [px, px], unit: 'm' },
      { title: 'Ca', signal: 'EDX', element: 'Ca', shape: [16, 16], dtype: 'float32', pixelSize: [px, px], unit: 'm' },
      { title: 'O', signal: 'EDX', element: 'O', shape: [16, 16], dtype: 'float32', pixelSize: [px, px], unit: 'm' },
      { title: 'Cu', signal: 'EDX', element: 'Cu', shape: [16, 16], dtype: 'float32', pixelSize: [px, px], unit: 'm' },
      { title: 'HAADF', signal: 'HAADF', element: null, shape: [2, 16, 16], dtype: 'uint16', pixelSize: [px, px], unit: 'm' },
    ]);
  });

  it('flags all-zero maps', async () => {
    const { code, out } = await run(['--json', join(FIXTURES, 'dataset.npz')]);
    expect(code).toBe(0);
    const j = JSON.parse(out[0]!) as { images: { title: string; allZero?: boolean }[] };
    expect(j.images.find((i) => i.title === 'Ni')!.allZero).toBe(true);
    expect(j.images.filter((i) => i.allZero).length).toBe(1);
  });

  it.skipIf(!hasSample('io/velox_v11_SI_16x16.emd'))('text output, one line per image, with the spectrum-image note', async () => {
    const { code, out } = await run([join(IO, 'velox_v11_SI_16x16.emd')]);
    expect(code).toBe(0);
    expect(out[0]).toMatch(/: 5 images$/);
    expect(out[5]).toMatch(/'HAADF'  HAADF  2×16×16 uint16/);
    expect(out.at(-1)).toMatch(/note: .*SpectrumStream/);
  });

  it('bad input: exit 2 and one line "fusem info: <file>: <problem>"', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const f = join(dir, 'broken.tif');
      writeFileSync(f, 'not a tiff at all');
      const { code, out, err } = await run([f]);
      expect(code).toBe(2);
      expect(out).toEqual([]);
      expect(err.length).toBe(1);
      expect(err[0]).toMatch(new RegExp(`^fusem info: ${f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `));
      expect((await run([])).code).toBe(2);
      expect((await run([f, '--bogus'])).code).toBe(2);
    } finally {
      cleanup();
    }
  });
});
