// TIFF image file directories (TIFF 6.0 §2; BigTIFF): parse every IFD with bounds and loop checks.

import { InputError } from '../errors.js';
import { TYPE_SIZE } from './spec.js';

export type TagValue = number[] | string | Uint8Array;

export interface Ifd {
  tags: Map<number, TagValue>;
}

/** True when bytes start like a TIFF ('II*\0', 'MM\0*', or BigTIFF +). */
export function isTiff(b: Uint8Array): boolean {
  return (b[0] === 0x49 && b[1] === 0x49 && (b[2] === 42 || b[2] === 43) && b[3] === 0)
    || (b[0] === 0x4d && b[1] === 0x4d && b[2] === 0 && (b[3] === 42 || b[3] === 43));
}

/** Parse all IFDs of a TIFF held in memory. */
export function parseIfds(bytes: Uint8Array, file: string, maxPages = 100000): { ifds: Ifd[]; littleEndian: boolean } {
  if (bytes.length < 8 || !isTiff(bytes)) throw new InputError(file, 'not a TIFF file (bad header)');
  const le = bytes[0] === 0x49;
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const big = dv.getUint16(2, le) === 43;
  const u16 = (o: number): number => dv.getUint16(o, le);
  const u32 = (o: number): number => dv.getUint32(o, le);
  const u64 = (o: number): number => Number(dv.getBigUint64(o, le));
  const bad = (what: string): never => { throw new InputError(file, `corrupt TIFF: ${what}`); };
  const need = (o: number, n: number): void => { if (o < 0 || o + n > bytes.length) bad('structure runs past the end of the file (truncated?)'); };

  let next: number;
  if (big) { need(8, 8); next = u64(8); } else next = u32(4);
  const seen = new Set<number>();
  const ifds: Ifd[] = [];
  while (next !== 0) {
    if (seen.has(next)) bad('IFD chain loops');
    if (ifds.length >= maxPages) bad(`more than ${maxPages} pages`);
    seen.add(next);
    const entrySize = big ? 20 : 12;
    need(next, big ? 8 : 2);
    const n = big ? u64(next) : u16(next);
    const first = next + (big ? 8 : 2);
    need(first, n * entrySize + (big ? 8 : 4));
    const tags = new Map<number, TagValue>();
    for (let i = 0; i < n; i++) {
      const e = first + i * entrySize;
      const tag = u16(e);
      const type = u16(e + 2);
      const count = big ? u64(e + 4) : u32(e + 4);
      const size = TYPE_SIZE[type];
      if (size === undefined) continue; // unknown type: skip the tag (TIFF 6.0 says readers should)
      const total = size * count;
      const inline = big ? 8 : 4;
      let off = e + (big ? 12 : 8);
      if (total > inline) off = big ? u64(off) : u32(off);
      if (total > 1 << 30) bad(`tag ${tag} is implausibly large`);
      need(off, total);
      tags.set(tag, readValues(dv, bytes, off, type, count, le));
    }
    ifds.push({ tags });
    const nextAt = first + n * entrySize;
    next = big ? u64(nextAt) : u32(nextAt);
  }
  if (ifds.length === 0) bad('no image directories');
  return { ifds, littleEndian: le };
}

function readValues(dv: DataView, bytes: Uint8Array, off: number, type: number, count: number, le: boolean): TagValue {
  if (type === 2) {
    let s = new TextDecoder('latin1').decode(bytes.subarray(off, off + count));
    // ImageJ/UTF-8 writers: decode as UTF-8 when it is valid UTF-8.
    try { s = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(off, off + count)); } catch { /* latin1 */ }
    return s.replace(/\0+$/, '');
  }
  if (type === 7 || type === 1 || type === 6) return bytes.slice(off, off + count);
  const out: number[] = new Array<number>(type === 5 || type === 10 ? 2 * count : count);
  for (let i = 0; i < count; i++) {
    switch (type) {
      case 3: out[i] = dv.getUint16(off + 2 * i, le); break;
      case 8: out[i] = dv.getInt16(off + 2 * i, le); break;
      case 4: case 13: out[i] = dv.getUint32(off + 4 * i, le); break;
      case 9: out[i] = dv.getInt32(off + 4 * i, le); break;
      case 11: out[i] = dv.getFloat32(off + 4 * i, le); break;
      case 12: out[i] = dv.getFloat64(off + 8 * i, le); break;
      case 16: out[i] = Number(dv.getBigUint64(off + 8 * i, le)); break;
      case 17: out[i] = Number(dv.getBigInt64(off + 8 * i, le)); break;
      case 18: out[i] = Number(dv.getBigUint64(off + 8 * i, le)); break;
      case 5: out[2 * i] = dv.getUint32(off + 8 * i, le); out[2 * i + 1] = dv.getUint32(off + 8 * i + 4, le); break;
      case 10: out[2 * i] = dv.getInt32(off + 8 * i, le); out[2 * i + 1] = dv.getInt32(off + 8 * i + 4, le); break;
    }
  }
  return out;
}

/** First numeric value of a tag, or `dflt`. */
export function num(ifd: Ifd, tag: number, dflt: number): number {
  const v = ifd.tags.get(tag);
  return Array.isArray(v) && v.length > 0 ? v[0]! : dflt;
}

/** All numeric values of a tag (empty when absent or not numeric). */
export function nums(ifd: Ifd, tag: number): number[] {
  const v = ifd.tags.get(tag);
  return Array.isArray(v) ? v : [];
}

/** A string tag (ASCII, or bytes decoded as latin1), or null. */
export function str(ifd: Ifd, tag: number): string | null {
  const v = ifd.tags.get(tag);
  if (typeof v === 'string') return v;
  if (v instanceof Uint8Array) return new TextDecoder('latin1').decode(v).replace(/\0+$/, '');
  return null;
}
