// Readers cap what one input decodes to, and error messages quote at most a short printable excerpt. Before issue 14:
// a 1.9 MB .npz took 18 s and 5.9 GB for `info`, a 1.6 MB deflate TIFF 1.65 GB, a DM file with a damaged tag-label
// length put 21–78 KB of binary into the one-line error, and a .npy header without its closing brace was accepted.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError, readImages } from '../../../src/compute/io/index.js';
import { maxDecodedBytes } from '../../../src/compute/io/limits.js';
import { IO, tempDir } from '../io/paths.js';
import { dmDamagedLabel, npyHeader, npzBomb, tiffDeflateBomb, zipOne } from './hostile-files.js';

const MiB = 1024 ** 2;
let dir: string, cleanup: () => void;
beforeEach(() => { ({ dir, cleanup } = tempDir('fusem-caps-')); process.env['FUSEM_MAX_DECODED_BYTES'] = String(16 * MiB); });
afterEach(() => { cleanup(); delete process.env['FUSEM_MAX_DECODED_BYTES']; });

async function refusal(name: string, bytes: Uint8Array): Promise<InputError> {
  const file = join(dir, name);
  writeFileSync(file, bytes);
  const e = await readImages(file).then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(InputError);
  const err = e as InputError;
  expect(err.message.startsWith(file)).toBe(true); // names the file
  expect(err.message.length).toBeLessThanOrEqual(300);
  expect(err.message).toMatch(/^[\x20-\x7e\u00a0-\uffff]*$/); // one printable line
  return err;
}

describe('decompression bombs', () => {
  it('refuses an .npz member that inflates past the limit, before inflating it', async () => {
    const bomb = npzBomb(2048, 2048); // 32 MiB of float64 zeros in ~33 KB
    expect(bomb.length).toBeLessThan(100_000);
    const e = await refusal('bomb.npz', bomb);
    expect(e.message).toMatch(/would need 32\.0 MiB decoded, over fusem's limit of 16\.0 MiB for one input \(FUSEM_MAX_DECODED_BYTES/);
  });

  it('refuses an .npz whose directory claims a size past the limit', async () => {
    const e = await refusal('liar.npz', zipOne('a.npy', Buffer.concat([npyHeader([4, 4]), Buffer.alloc(128)]), 3_000_000_000));
    expect(e.message).toMatch(/over fusem's limit/);
  });

  it('refuses a deflate TIFF declaring more pixels than the limit, honest or not', async () => {
    expect((await refusal('bomb.tif', tiffDeflateBomb(6000, 6000))).message).toMatch(/TIFF's image would need 34\.3 MiB/);
    expect((await refusal('liar.tif', tiffDeflateBomb(60000, 60000, true))).message).toMatch(/over fusem's limit/);
  });

  it('still reads the same kinds of file under the limit', async () => {
    const file = join(dir, 'small.tif');
    writeFileSync(file, tiffDeflateBomb(64, 32));
    const [rec] = await readImages(file);
    expect(rec!.shape).toEqual([32, 64]);
    const npz = join(dir, 'small.npz');
    writeFileSync(npz, npzBomb(8, 8));
    expect((await readImages(npz))[0]!.shape).toEqual([8, 8]);
  });

  it('has a default that follows the machine: between 256 MiB and 2 GiB', () => {
    delete process.env['FUSEM_MAX_DECODED_BYTES'];
    expect(maxDecodedBytes()).toBeGreaterThanOrEqual(256 * MiB);
    expect(maxDecodedBytes()).toBeLessThanOrEqual(2 * 1024 * MiB);
  });
});

describe('damaged headers', () => {
  it.each(['dm3_int16_2x2.dm3', 'dm4_int16_2x2.dm4', 'dm_test-3.dm3', 'dm_test-23.dm4'])('%s with a damaged tag-label length: a short printable message', async (name) => {
    const e = await refusal(`damaged-${name}`, dmDamagedLabel(new Uint8Array(readFileSync(join(IO, name)))));
    expect(e.message).toMatch(/DigitalMicrograph/);
  });

  it('refuses a .npy header without its closing brace', async () => {
    const e = await refusal('nobrace.npy', Buffer.concat([npyHeader([2, 2], false), Buffer.alloc(32)]));
    expect(e.message).toMatch(/malformed \.npy header/);
    // with the brace the same file reads
    const ok = join(dir, 'brace.npy');
    writeFileSync(ok, Buffer.concat([npyHeader([2, 2]), Buffer.alloc(32)]));
    expect((await readImages(ok))[0]!.shape).toEqual([2, 2]);
  });
});
