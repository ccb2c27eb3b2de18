// The whole result as one HyperSpy-loadable HDF5 file: layout, and a round trip through fusem's readers.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closeHdf5Worker, readImages, readResultHdf5, writeResultHdf5, type FusionResultFile } from '../../../src/compute/io/index.js';
import { scanHdf5 } from '../../../src/compute/io/hdf5/tree.js';
import { tempDir } from './paths.js';

afterAll(() => closeHdf5Worker());

function result(): FusionResultFile {
  const w = 5;
  const h = 4;
  const arr = (k: number): Float32Array => Float32Array.from({ length: w * h }, (_, i) => Math.cos(i * k) + k);
  return {
    width: w, height: h, pixelSize: [0.0177516, 0.0177516], unit: 'nm', elements: ['Co', 'Mn', 'O'],
    haadf: arr(1), haadfTitle: 'HAADF',
    inputs: [{ element: 'Co', data: arr(2) }, { element: 'Mn', data: arr(3) }, { element: 'O', data: arr(4) }],
    fused: [{ element: 'Co', data: arr(5) }, { element: 'Mn', data: arr(6) }, { element: 'O', data: arr(7) }],
    stderr: [{ element: 'Co', data: arr(8) }, { element: 'Mn', data: arr(9) }, { element: 'O', data: arr(10) }],
    parameters: { gamma: 1.6, lambdaChem: 0.006, lambdaTV: 0.022, iters: 3, weighting: 'paper' },
    costHistory: { haadf: [3, 2, 1], chem: [0.3, 0.2, 0.1], tv: [9, 8, 7.5] },
    notes: ['HAADF: /HAADF'], provenance: { fusem: '0.1.0', wallTimeS: 1.25 },
  };
}

describe('writeResultHdf5', () => {
  it('round trip: fusem reads back exactly what it wrote', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const f = join(dir, 'result.hspy');
      const r = result();
      await writeResultHdf5(f, r);
      expect(existsSync(`${f}.tmp-${process.pid}`)).toBe(false);
      expect(await readResultHdf5(f)).toEqual(r);
    } finally {
      cleanup();
    }
  });

  it('has the hspy 3.1 layout HyperSpy loads: root attrs, Experiments/<name>/data, axis-N attrs, metadata', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const f = join(dir, 'result.hspy');
      await writeResultHdf5(f, result());
      const tree = await scanHdf5(f);
      expect(tree.get('/')!.attrs).toMatchObject({ file_format: 'HyperSpy', file_format_version: '3.1' });
      const names = tree.children('/Experiments').map((n) => n.path.split('/').pop());
      expect(names.sort()).toEqual(['HAADF', 'cost_chem', 'cost_haadf', 'cost_tv', 'fused_Co', 'fused_Mn', 'fused_O',
        'input_Co', 'input_Mn', 'input_O', 'stderr_Co', 'stderr_Mn', 'stderr_O']);
      const data = tree.get('/Experiments/fused_Co/data')!;
      expect([data.dtype, data.shape]).toEqual(['float32', [4, 5]]);
      expect(tree.get('/Experiments/fused_Co/axis-0')!.attrs).toMatchObject({ name: 'y', size: 4, scale: 0.0177516, offset: 0, units: 'nm', navigate: 0 });
      expect(tree.get('/Experiments/fused_Co/axis-1')!.attrs).toMatchObject({ name: 'x', size: 5, units: 'nm' });
      expect(tree.get('/Experiments/fused_Co/metadata/General')!.attrs['title']).toBe('Co (fused)');
      expect(tree.get('/Experiments/fused_Co/metadata/Signal')!.attrs).toMatchObject({ signal_type: '' });
      // readImages sees it as a HyperSpy file with labelled signals.
      const recs = await readImages(f);
      const fused = recs.filter((x) => x.metadata['role'] === 'fused');
      expect(fused.map((x) => x.element).sort()).toEqual(['Co', 'Mn', 'O']);
      expect(recs.find((x) => x.title === 'HAADF')!.signal).toBe('HAADF');
      expect(recs.find((x) => x.title === 'cost haadf')!.signal).toBe('other');
    } finally {
      cleanup();
    }
  });

  it('refuses maps of the wrong size before touching the disk', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const r = result();
      r.fused[0]!.data = new Float32Array(3);
      await expect(writeResultHdf5(join(dir, 'bad.hspy'), r)).rejects.toThrow(/fused Co has 3 values/);
      expect(existsSync(join(dir, 'bad.hspy'))).toBe(false);
    } finally {
      cleanup();
    }
  });
});
