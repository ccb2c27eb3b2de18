// Issue 11 review: concurrent requests for one SI in the compute process read the file once (a 1 GiB SI read twice
// beside a running fusion could exhaust memory); a failed read is not kept.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

const reads: string[] = [];
/** The fake SI's cube: 4 kB, or 40 kB for files named big-*. */
const bytesOf = (file: string): number => (file.includes('/big-') ? 40_000 : 4_000);
let failNext = false;
let onRead: ((file: string) => void) | null = null;
vi.mock('../../../src/compute/io/spectra/read.js', () => ({
  readSpectrumImage: async (file: string) => {
    reads.push(file);
    onRead?.(file);
    await new Promise((r) => setTimeout(r, 20));
    if (failNext) { failNext = false; throw new Error('read failed'); }
    return { si: { file, data: new Float32Array(bytesOf(file) / 4) }, images: [] };
  },
}));

const { SpectrumImageCache } = await import('../../../src/compute/host/spectrum-requests.js');

describe('SpectrumImageCache', () => {
  it('shares a read under way between concurrent requests, and reads again after a failed read', async () => {
    const cache = new SpectrumImageCache();
    const [a, b] = await Promise.all([cache.get('/no/such/a.dm4'), cache.get('/no/such/a.dm4')]);
    expect(reads).toEqual(['/no/such/a.dm4']);
    expect(a).toBe(b);
    await cache.get('/no/such/a.dm4');
    expect(reads).toHaveLength(1);
    await cache.get('/no/such/a.dm4', { first: 0, last: 1 }); // other frames: another read
    expect(reads).toHaveLength(2);

    failNext = true;
    await expect(Promise.all([cache.get('/no/such/b.dm4'), cache.get('/no/such/b.dm4')])).rejects.toThrow(/read failed/);
    expect(reads).toHaveLength(3);
    await cache.get('/no/such/b.dm4');
    expect(reads).toHaveLength(4);
  });

  it('holds at most its byte budget: an SI larger than it is held alone, and the older ones are dropped first', async () => {
    reads.length = 0;
    const cache = new SpectrumImageCache(2, 30_000);
    await cache.get('/no/such/a.dm4');
    await cache.get('/no/such/b.dm4');
    expect(cache.heldBytes()).toBe(8_000);
    await cache.get('/no/such/a.dm4'); // both held (8 kB ≤ 30 kB): no read
    expect(reads).toEqual(['/no/such/a.dm4', '/no/such/b.dm4']);
    await cache.get('/no/such/big-c.dm4'); // 40 kB: both dropped once it is read (no file: nothing expected before)
    expect(cache.heldBytes()).toBe(40_000);
    await cache.get('/no/such/a.dm4'); // read again; the big one dropped
    expect(reads).toEqual(['/no/such/a.dm4', '/no/such/b.dm4', '/no/such/big-c.dm4', '/no/such/a.dm4']);
    expect(cache.heldBytes()).toBe(4_000);
  });

  it('never drops a read still under way: a second request for it shares it, whatever the budget', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fusem-si-cache-'));
    try {
      const [a, b] = [join(dir, 'a.dm4'), join(dir, 'b.dm4')];
      await writeFile(a, new Uint8Array(5_000));
      await writeFile(b, new Uint8Array(5_000));
      reads.length = 0;
      const cache = new SpectrumImageCache(2, 8_000); // room for one 5 kB file beside nothing under way, by file size
      await Promise.all([cache.get(a), cache.get(b), cache.get(a)]); // b's read would have dropped a's, still under way
      expect(reads.filter((f) => f === a)).toHaveLength(1);
      expect(reads.filter((f) => f === b)).toHaveLength(1);
      expect(cache.heldBytes()).toBe(8_000); // both read (4 kB each in memory), both kept
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('drops the older SIs before reading a file that would not fit beside them (its size known beforehand)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fusem-si-cache-'));
    const big = join(dir, 'big-d.dm4');
    await writeFile(big, new Uint8Array(40_000));
    reads.length = 0;
    const cache = new SpectrumImageCache(2, 30_000);
    await cache.get('/no/such/a.dm4');
    expect(cache.heldBytes()).toBe(4_000);
    let atRead = -1;
    onRead = (file) => { if (file === big) atRead = cache.heldBytes(); };
    await cache.get(big);
    onRead = null;
    expect(atRead).toBe(0); // a dropped before the 40 kB file's read began
    expect(cache.heldBytes()).toBe(40_000);
    expect(reads).toEqual(['/no/such/a.dm4', big]);
    await rm(dir, { recursive: true, force: true });
  });
});
