// TIFF: float32 writer round trip, calibration seen by an independent reader (tiffinfo), stacks and labelled pages.

import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDataset, readImages, writeTiffFloat32 } from '../../../src/compute/io/index.js';
import { tempDir } from './paths.js';

function hasTiffinfo(): boolean {
  try { execFileSync('tiffinfo', [], { stdio: 'ignore' }); return true; } catch (e) {
    return (e as NodeJS.ErrnoException).code !== 'ENOENT';
  }
}
const TIFFINFO = hasTiffinfo();
if (!TIFFINFO) console.warn('tiffinfo not found: skipping the independent-reader TIFF check (apt-get install -y libtiff-tools)');

/** A minimal little-endian multi-page uint16 TIFF with optional PageName tags (TIFF 6.0). */
function multiPage(pages: Uint16Array[], w: number, h: number, names: (string | null)[]): Uint8Array {
  const chunks: number[] = [];
  const buf = new Uint8Array(8 + pages.length * (2 + 10 * 12 + 4 + 64 + w * h * 2) + 64);
  const dv = new DataView(buf.buffer);
  buf.set([0x49, 0x49, 42, 0]);
  let p = 8;
  dv.setUint32(4, p, true);
  pages.forEach((page, k) => {
    const name = names[k] ? new TextEncoder().encode(`${names[k]}\0`) : null;
    const entries: [number, number, number, number][] = [
      [256, 4, 1, w], [257, 4, 1, h], [258, 3, 1, 16], [259, 3, 1, 1], [262, 3, 1, 1], [273, 4, 1, 0], [277, 3, 1, 1], [278, 4, 1, h], [279, 4, 1, w * h * 2],
    ];
    if (name) entries.push([285, 2, name.length, 0]);
    entries.sort((a, b) => a[0] - b[0]);
    const ifd = p;
    const after = ifd + 2 + entries.length * 12 + 4;
    const nameAt = after;
    const dataAt = (nameAt + (name ? name.length : 0) + 1) & ~1;
    dv.setUint16(ifd, entries.length, true);
    entries.forEach(([tag, type, count, value], i) => {
      const e = ifd + 2 + i * 12;
      dv.setUint16(e, tag, true); dv.setUint16(e + 2, type, true); dv.setUint32(e + 4, count, true);
      const v = tag === 273 ? dataAt : tag === 285 ? nameAt : value;
      if (type === 3) dv.setUint16(e + 8, v, true); else dv.setUint32(e + 8, v, true);
    });
    if (name) buf.set(name, nameAt);
    page.forEach((v, i) => dv.setUint16(dataAt + 2 * i, v, true));
    p = dataAt + page.length * 2;
    dv.setUint32(ifd + 2 + entries.length * 12, k + 1 < pages.length ? p : 0, true);
    chunks.push(p);
  });
  return buf.subarray(0, p);
}

describe('float32 TIFF writer', () => {
  it('round trip: values, shape, pixel size, unit and description come back', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const data = Float32Array.from({ length: 6 * 5 }, (_, i) => (i - 7) * 0.37);
      const f = join(dir, 'fused_Co.tif');
      await writeTiffFloat32(f, data, 5, 6, { pixelSize: [0.0177516, 0.0123], unit: 'nm', description: 'fused Co, γ=1.6' });
      expect(existsSync(`${f}.tmp-${process.pid}`)).toBe(false);
      const [r] = await readImages(f);
      expect(r!.shape).toEqual([6, 5]);
      expect(r!.dtype).toBe('float32');
      expect(r!.data).toEqual(data);
      expect(r!.pixelSize).toEqual([0.0177516, 0.0123]); // DM tags hold the exact float64
      expect(r!.unit).toBe('nm');
      expect(JSON.parse(String(r!.metadata['fusem']))).toBe('fused Co, γ=1.6');
      expect(r!.element).toBe('Co');
    } finally {
      cleanup();
    }
  });

  it('µm is written as ImageJ\'s "micron" and read back as µm', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const f = join(dir, 'a.tif');
      await writeTiffFloat32(f, new Float32Array(4), 2, 2, { pixelSize: [0.168675, 0.168675], unit: 'µm' });
      const [r] = await readImages(f);
      expect(r!.unit).toBe('µm');
      expect(String(r!.metadata['description'])).toMatch(/^ImageJ=.*\nunit=micron\n/s);
    } finally {
      cleanup();
    }
  });

  it.skipIf(!TIFFINFO)('an independent reader (libtiff tiffinfo) sees float32, the ImageJ unit and the resolution', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const f = join(dir, 'map.tif');
      await writeTiffFloat32(f, new Float32Array(12).fill(1.5), 4, 3, { pixelSize: [0.25, 0.125], unit: 'nm' });
      const out = execFileSync('tiffinfo', [f], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
      expect(out).toMatch(/Image Width: 4 Image Length: 3/);
      expect(out).toMatch(/Bits\/Sample: 32/);
      expect(out).toMatch(/Sample Format: IEEE floating point/);
      // ImageJ reads the pixel size as 1/resolution in the description's unit: 8 px/nm in x (0.125 nm), 4 px/nm in y.
      const m = /Resolution: ([\d.]+), ([\d.]+)/.exec(out);
      expect(Number(m![1])).toBeCloseTo(8, 6);
      expect(Number(m![2])).toBeCloseTo(4, 6);
      expect(out).toMatch(/ImageDescription: ImageJ=1\.11a\nunit=nm\n/);
    } finally {
      cleanup();
    }
  });
});

describe('multi-page TIFF', () => {
  const w = 3;
  const h = 2;
  const page = (base: number): Uint16Array => Uint16Array.from({ length: w * h }, (_, i) => base + i);

  it('unlabelled pages of one shape form a stack [frames, rows, cols]', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const f = join(dir, 'stack.tif');
      writeFileSync(f, multiPage([page(0), page(10), page(20)], w, h, [null, null, null]));
      const recs = await readImages(f);
      expect(recs.length).toBe(1);
      expect(recs[0]!.shape).toEqual([3, 2, 3]);
      expect(recs[0]!.dtype).toBe('uint16');
      expect(recs[0]!.sum).toBe(15 + 75 + 135);
    } finally {
      cleanup();
    }
  });

  it('labelled pages are separate images and make a dataset', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const f = join(dir, 'labelled.tif');
      writeFileSync(f, multiPage([page(100), page(1), page(2)], w, h, ['HAADF', 'EDS Co-K', 'Mn L2,3']));
      const recs = await readImages(f);
      expect(recs.map((r) => [r.title, r.signal, r.element])).toEqual([['HAADF', 'HAADF', null], ['EDS Co-K', 'EDX', 'Co'], ['Mn L2,3', 'other', 'Mn']]);
      const d = await readDataset(f);
      expect(d.maps.map((m) => m.element)).toEqual(['Co', 'Mn']);
      expect([d.width, d.height]).toEqual([3, 2]);
    } finally {
      cleanup();
    }
  });
});
