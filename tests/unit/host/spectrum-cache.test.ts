// Issue 11 review: concurrent requests for one SI in the compute process read the file once (a 1 GiB SI read twice
// beside a running fusion could exhaust memory); a failed read is not kept.

import { describe, expect, it, vi } from 'vitest';

const reads: string[] = [];
let failNext = false;
vi.mock('../../../src/compute/io/spectra/read.js', () => ({
  readSpectrumImage: async (file: string) => {
    reads.push(file);
    await new Promise((r) => setTimeout(r, 20));
    if (failNext) { failNext = false; throw new Error('read failed'); }
    return { si: { file }, images: [] };
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
});
