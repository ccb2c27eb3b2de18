import { inflateRawSync, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { adler32, base64Encode, crc32, deflateRaw, zlibCompress } from '../../../src/shared/figure/index.js';
import { rng } from '../helpers.js';

const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
const roundTrip = (data: Uint8Array, z: Uint8Array): void => expect(new Uint8Array(inflateSync(z))).toEqual(data);

describe('checksums', () => {
  it('match the published check values', () => {
    expect(crc32(ascii('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
    expect(crc32(ascii('xx123456789yy'), 2, 11)).toBe(0xcbf43926);
    expect(adler32(ascii('Wikipedia'))).toBe(0x11e60398);
    expect(adler32(new Uint8Array(0))).toBe(1);
  });
});

describe('zlibCompress', () => {
  const random = (n: number, seed: number): Uint8Array => {
    const r = rng(seed);
    return Uint8Array.from({ length: n }, () => Math.floor(r() * 256));
  };

  it('writes a valid zlib header and big-endian Adler-32 trailer', () => {
    const data = ascii('hello hello hello hello');
    const z = zlibCompress(data);
    expect([z[0], z[1]]).toEqual([0x78, 0x9c]);
    expect((z[0]! * 256 + z[1]!) % 31).toBe(0);
    const a = adler32(data);
    expect(Array.from(z.subarray(-4))).toEqual([a >>> 24, (a >>> 16) & 255, (a >>> 8) & 255, a & 255]);
    roundTrip(data, z);
    expect(z.length).toBeLessThan(data.length); // the repeats became back-references
  });

  it('round-trips through zlib for empty, tiny, repetitive, periodic and random inputs', () => {
    const periodic = Uint8Array.from({ length: 300_000 }, (_, i) => (i * 7919) % 251);
    const cases = [new Uint8Array(0), Uint8Array.of(42), Uint8Array.of(1, 2, 3), new Uint8Array(200_000), periodic, random(150_000, 7)];
    for (const data of cases) roundTrip(data, zlibCompress(data));
    expect(Array.from(zlibCompress(new Uint8Array(0)))).toEqual([0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]);
  });

  it('compresses runs with fixed-Huffman back-references and never expands random data beyond stored size', () => {
    expect(zlibCompress(new Uint8Array(1 << 20)).length).toBeLessThan(8000);
    const noise = random(200_000, 3);
    const z = zlibCompress(noise);
    roundTrip(noise, z);
    expect(z.length).toBeLessThanOrEqual(noise.length + 6 + 5 * Math.ceil(noise.length / 65535) + 5);
  });

  it('stored mode emits uncompressed blocks of at most 65535 bytes', () => {
    const data = random(140_000, 11);
    const z = zlibCompress(data, { mode: 'stored' });
    expect([z[0], z[1]]).toEqual([0x78, 0x01]);
    expect(z.length).toBe(2 + 3 * 5 + data.length + 4); // three blocks: 65535 + 65535 + 8930
    roundTrip(data, z);
    // first block: BFINAL 0, BTYPE 00, LEN 0xffff, NLEN 0x0000, then the bytes
    expect(Array.from(z.subarray(2, 7))).toEqual([0, 0xff, 0xff, 0, 0]);
    expect(z.subarray(7, 7 + 65535)).toEqual(data.subarray(0, 65535));
  });

  it('raw deflate inflates with inflateRaw and output is deterministic', () => {
    const data = ascii('abracadabra '.repeat(1000));
    const raw = deflateRaw(data, { maxChain: 4 });
    expect(new Uint8Array(inflateRawSync(raw))).toEqual(data);
    expect(deflateRaw(data, { maxChain: 4 })).toEqual(raw);
  });
});

describe('base64Encode', () => {
  it('matches RFC 4648 test vectors and Node for arbitrary bytes', () => {
    const vectors: [string, string][] = [['', ''], ['f', 'Zg=='], ['fo', 'Zm8='], ['foo', 'Zm9v'], ['foob', 'Zm9vYg=='], ['fooba', 'Zm9vYmE='], ['foobar', 'Zm9vYmFy']];
    for (const [plain, enc] of vectors) expect(base64Encode(ascii(plain))).toBe(enc);
    const bytes = Uint8Array.from({ length: 30_001 }, (_, i) => (i * 37) & 255);
    expect(base64Encode(bytes)).toBe(Buffer.from(bytes).toString('base64'));
  });
});
