// Minimal ZIP reader for .npz (PKWARE APPNOTE 6.3: end-of-central-directory, central directory, ZIP64, stored/deflate).

import { inflateRawSync } from 'node:zlib';
import { excerpt, InputError } from '../errors.js';

export interface ZipEntry {
  name: string;
  /** The size it declares once inflated (bytes). */
  size: number;
  read(): Uint8Array;
}

/** List the members of a ZIP archive held in memory; `maxEntryBytes` bounds each inflated member. */
export function readZip(bytes: Uint8Array, file: string, maxEntryBytes: number): ZipEntry[] {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const bad = (what: string): never => { throw new InputError(file, `not a valid .npz (ZIP) archive: ${what}`); };
  // End of central directory: last record with signature 0x06054b50 (comment up to 64 KiB).
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65535); i--) {
    if (dv.getUint32(i, true) === 0x06054b50) { eocd = i; break; }
  }
  if (eocd < 0) bad('no end-of-central-directory record (truncated?)');
  let count = dv.getUint16(eocd + 10, true);
  let cdOffset = dv.getUint32(eocd + 16, true);
  if (cdOffset === 0xffffffff || count === 0xffff) {
    const loc = eocd - 20;
    if (loc < 0 || dv.getUint32(loc, true) !== 0x07064b50) bad('missing ZIP64 locator');
    const z64 = Number(dv.getBigUint64(loc + 8, true));
    if (z64 + 56 > bytes.length || dv.getUint32(z64, true) !== 0x06064b50) bad('bad ZIP64 record');
    count = Number(dv.getBigUint64(z64 + 32, true));
    cdOffset = Number(dv.getBigUint64(z64 + 48, true));
  }
  const entries: ZipEntry[] = [];
  let p = cdOffset;
  for (let k = 0; k < count; k++) {
    if (p + 46 > bytes.length || dv.getUint32(p, true) !== 0x02014b50) bad('corrupt central directory');
    const method = dv.getUint16(p + 10, true);
    let csize = dv.getUint32(p + 20, true);
    let usize = dv.getUint32(p + 24, true);
    const nlen = dv.getUint16(p + 28, true);
    const xlen = dv.getUint16(p + 30, true);
    const clen = dv.getUint16(p + 32, true);
    let local = dv.getUint32(p + 42, true);
    if (p + 46 + nlen + xlen > bytes.length) bad('corrupt central directory');
    const name = new TextDecoder().decode(bytes.subarray(p + 46, p + 46 + nlen));
    // ZIP64 extended information extra field (id 0x0001): present values replace 0xFFFFFFFF ones, in order.
    let x = p + 46 + nlen;
    const xend = x + xlen;
    while (x + 4 <= xend) {
      const id = dv.getUint16(x, true);
      const size = dv.getUint16(x + 2, true);
      if (id === 0x0001) {
        let q = x + 4;
        const take = (): number => { const v = q + 8 <= x + 4 + size ? Number(dv.getBigUint64(q, true)) : -1; q += 8; return v; };
        if (usize === 0xffffffff) usize = take();
        if (csize === 0xffffffff) csize = take();
        if (local === 0xffffffff) local = take();
      }
      x += 4 + size;
    }
    p = xend + clen;
    const entryLocal = local;
    const entryC = csize;
    const entryU = usize;
    entries.push({
      name,
      size: method === 0 ? entryC : entryU,
      read(): Uint8Array {
        if (entryLocal < 0 || entryLocal + 30 > bytes.length || dv.getUint32(entryLocal, true) !== 0x04034b50) {
          bad(`corrupt local header for '${excerpt(name)}'`);
        }
        const start = entryLocal + 30 + dv.getUint16(entryLocal + 26, true) + dv.getUint16(entryLocal + 28, true);
        if (entryC < 0 || start + entryC > bytes.length) bad(`member '${excerpt(name)}' is truncated`);
        const raw = bytes.subarray(start, start + entryC);
        if (method === 0) return raw;
        if (method !== 8) bad(`member '${excerpt(name)}' uses unsupported compression method ${method}`);
        if (entryU > maxEntryBytes) throw new InputError(file, `member '${excerpt(name)}' is too large (${entryU} bytes decoded; the limit is ${maxEntryBytes})`);
        try {
          return new Uint8Array(inflateRawSync(raw, { maxOutputLength: Math.max(1, Math.min(maxEntryBytes, entryU + 1)) }));
        } catch {
          return bad(`member '${excerpt(name)}' cannot be inflated (corrupt data)`);
        }
      },
    });
  }
  return entries;
}
