// TIFF strip/tile codecs (TIFF 6.0 §9 PackBits, §13 LZW; Adobe Deflate 8/32946) and the horizontal predictor (§14).

import { inflateSync } from 'node:zlib';

/** Decode one strip or tile; returns null on corrupt data. `expected` bounds the output size. */
export function decompress(data: Uint8Array, compression: number, expected: number): Uint8Array | null {
  switch (compression) {
    case 1: return data;
    case 5: return lzw(data, expected);
    case 8: case 32946:
      try { return new Uint8Array(inflateSync(data, { maxOutputLength: Math.max(1, expected) })); } catch { return null; }
    case 32773: return packBits(data, expected);
    default: return null;
  }
}

function packBits(src: Uint8Array, expected: number): Uint8Array {
  const out = new Uint8Array(expected);
  let i = 0;
  let o = 0;
  while (i < src.length && o < expected) {
    const n = (src[i++]! << 24) >> 24;
    if (n >= 0) {
      for (let k = 0; k <= n && i < src.length && o < expected; k++) out[o++] = src[i++]!;
    } else if (n !== -128) {
      const v = src[i++] ?? 0;
      for (let k = 0; k < 1 - n && o < expected; k++) out[o++] = v;
    }
  }
  return out;
}

/** TIFF LZW (MSB-first codes, 9–12 bits, early change). */
function lzw(src: Uint8Array, expected: number): Uint8Array | null {
  const out = new Uint8Array(expected);
  let o = 0;
  const prefix = new Int32Array(4096);
  const suffix = new Uint8Array(4096);
  const length = new Int32Array(4096);
  for (let i = 0; i < 256; i++) { prefix[i] = -1; suffix[i] = i; length[i] = 1; }
  let next = 258;
  let width = 9;
  let bitPos = 0;
  const total = src.length * 8;
  let old = -1;
  const stack = new Uint8Array(4096);
  const emit = (code: number): number => {
    let n = 0;
    let c = code;
    while (c >= 0 && n < 4096) { stack[n++] = suffix[c]!; c = prefix[c]!; }
    for (let k = n - 1; k >= 0 && o < expected; k--) out[o++] = stack[k]!;
    return stack[n - 1]!;
  };
  while (bitPos + width <= total && o < expected) {
    let code = 0;
    for (let k = 0; k < width; k++) {
      const bit = (src[(bitPos + k) >> 3]! >> (7 - ((bitPos + k) & 7))) & 1;
      code = (code << 1) | bit;
    }
    bitPos += width;
    if (code === 257) break;
    if (code === 256) { next = 258; width = 9; old = -1; continue; }
    if (old === -1) {
      if (code > 255) return null;
      emit(code);
      old = code;
      continue;
    }
    let first: number;
    if (code < next) {
      first = emit(code);
    } else if (code === next) {
      first = emit(old);
      if (o < expected) out[o++] = first;
    } else {
      return null;
    }
    if (next < 4096) {
      prefix[next] = old;
      suffix[next] = first;
      length[next] = length[old]! + 1;
      next++;
    }
    if (next + 1 >= 1 << width && width < 12) width++;
    old = code;
  }
  return out;
}

/** Undo horizontal differencing (Predictor 2) in place, for 8/16/32-bit integer samples. */
export function undoPredictor(buf: Uint8Array, width: number, rows: number, spp: number, bytesPerSample: number, le: boolean): void {
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.length);
  const rowLen = width * spp;
  for (let r = 0; r < rows; r++) {
    for (let i = spp; i < rowLen; i++) {
      const a = (r * rowLen + i) * bytesPerSample;
      const b = a - spp * bytesPerSample;
      if (a + bytesPerSample > buf.length) return;
      if (bytesPerSample === 1) buf[a] = (buf[a]! + buf[b]!) & 0xff;
      else if (bytesPerSample === 2) dv.setUint16(a, (dv.getUint16(a, le) + dv.getUint16(b, le)) & 0xffff, le);
      else if (bytesPerSample === 4) dv.setUint32(a, (dv.getUint32(a, le) + dv.getUint32(b, le)) >>> 0, le);
    }
  }
}
