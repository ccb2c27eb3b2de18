// Decoding stored numbers of any width and byte order into typed arrays (bounds-checked).

import type { NumericArray } from './record.js';

export type ScalarType = 'int8' | 'uint8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'int64' | 'uint64'
  | 'float32' | 'float64' | 'bool';

export const SCALAR_SIZE: Record<ScalarType, number> = {
  int8: 1, uint8: 1, bool: 1, int16: 2, uint16: 2, int32: 4, uint32: 4, float32: 4, int64: 8, uint64: 8, float64: 8,
};

/**
 * Decode `count` values of `type` from `bytes` at `offset`. Returns null when the bytes run short.
 * Always copies, so the result never aliases the file buffer.
 */
export function decodeArray(
  bytes: Uint8Array, offset: number, count: number, type: ScalarType, littleEndian: boolean,
): NumericArray | null {
  const size = SCALAR_SIZE[type];
  if (!Number.isSafeInteger(count) || count < 0 || offset < 0 || offset + count * size > bytes.length) return null;
  if (littleEndian === HOST_LITTLE_ENDIAN && size > 1) return nativeCopy(bytes.slice(offset, offset + count * size).buffer, type);
  const dv = new DataView(bytes.buffer, bytes.byteOffset + offset, count * size);
  const le = littleEndian;
  switch (type) {
    case 'int8': { const a = new Int8Array(count); for (let i = 0; i < count; i++) a[i] = dv.getInt8(i); return a; }
    case 'uint8': case 'bool': return bytes.slice(offset, offset + count);
    case 'int16': { const a = new Int16Array(count); for (let i = 0; i < count; i++) a[i] = dv.getInt16(2 * i, le); return a; }
    case 'uint16': { const a = new Uint16Array(count); for (let i = 0; i < count; i++) a[i] = dv.getUint16(2 * i, le); return a; }
    case 'int32': { const a = new Int32Array(count); for (let i = 0; i < count; i++) a[i] = dv.getInt32(4 * i, le); return a; }
    case 'uint32': { const a = new Uint32Array(count); for (let i = 0; i < count; i++) a[i] = dv.getUint32(4 * i, le); return a; }
    case 'float32': { const a = new Float32Array(count); for (let i = 0; i < count; i++) a[i] = dv.getFloat32(4 * i, le); return a; }
    case 'float64': { const a = new Float64Array(count); for (let i = 0; i < count; i++) a[i] = dv.getFloat64(8 * i, le); return a; }
    case 'int64': { const a = new BigInt64Array(count); for (let i = 0; i < count; i++) a[i] = dv.getBigInt64(8 * i, le); return a; }
    case 'uint64': { const a = new BigUint64Array(count); for (let i = 0; i < count; i++) a[i] = dv.getBigUint64(8 * i, le); return a; }
  }
}

/** Whether this machine stores numbers little-endian (then stored values in that order are copied, not converted). */
const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The values of a fresh (aligned) copy of the stored bytes, in the host's byte order, as `type`. */
function nativeCopy(buffer: ArrayBuffer, type: ScalarType): NumericArray {
  switch (type) {
    case 'int16': return new Int16Array(buffer);
    case 'uint16': return new Uint16Array(buffer);
    case 'int32': return new Int32Array(buffer);
    case 'uint32': return new Uint32Array(buffer);
    case 'float32': return new Float32Array(buffer);
    case 'float64': return new Float64Array(buffer);
    case 'int64': return new BigInt64Array(buffer);
    case 'uint64': return new BigUint64Array(buffer);
    default: return new Uint8Array(buffer);
  }
}

/** Magnitudes |re + i im| of interleaved complex values. */
export function complexMagnitude(interleaved: NumericArray): Float64Array {
  const n = Math.floor(interleaved.length / 2);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.hypot(Number(interleaved[2 * i]!), Number(interleaved[2 * i + 1]!));
  return out;
}
