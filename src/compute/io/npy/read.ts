// NumPy .npy reader (numpy.lib.format v1–3): header dict, C or Fortran order, any numeric dtype.

import { InputError } from '../errors.js';
import { complexMagnitude, decodeArray, type ScalarType } from '../decode.js';
import { makeRecord, shapeSize, type NumericArray } from '../record.js';
import type { ImageRecord } from '../types.js';
import { NPY_MAGIC, parseDescr } from './spec.js';

export interface NpyArray {
  shape: number[];
  dtype: string;
  values: NumericArray;
}

/** True when bytes start with the .npy magic. */
export function isNpy(bytes: Uint8Array): boolean {
  return NPY_MAGIC.every((b, i) => bytes[i] === b);
}

/** Parse an in-memory .npy; `file` names it in errors. */
export function parseNpy(bytes: Uint8Array, file: string): NpyArray {
  if (!isNpy(bytes)) throw new InputError(file, 'not a NumPy .npy file (bad magic)');
  if (bytes.length < 10) throw new InputError(file, 'truncated .npy header');
  const major = bytes[6]!;
  if (major < 1 || major > 3) throw new InputError(file, `unsupported .npy version ${major}`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  let headerLen: number;
  let start: number;
  if (major === 1) {
    headerLen = dv.getUint16(8, true);
    start = 10;
  } else {
    if (bytes.length < 12) throw new InputError(file, 'truncated .npy header');
    headerLen = dv.getUint32(8, true);
    start = 12;
  }
  if (start + headerLen > bytes.length) throw new InputError(file, 'truncated .npy header');
  const header = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(start, start + headerLen));
  // a header is one Python dict literal: { ... } then padding
  if (!/^\s*\{[^{}]*\}[\s\x00]*$/.test(header)) throw new InputError(file, 'malformed .npy header (not one {…} dictionary)');
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(header)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) {
    throw new InputError(file, 'malformed .npy header');
  }
  const dt = parseDescr(descr);
  if (!dt) throw new InputError(file, `unsupported .npy dtype '${descr}'`);
  const shape = shapeText.split(',').map((s) => s.trim()).filter((s) => s.length > 0).map(Number);
  if (shape.some((d) => !Number.isSafeInteger(d) || d < 0)) throw new InputError(file, 'malformed .npy shape');
  const count = shapeSize(shape);
  const dataStart = start + headerLen;
  const need = count * dt.size;
  if (!Number.isSafeInteger(need) || dataStart + need > bytes.length) {
    throw new InputError(file, `truncated .npy data (shape ${JSON.stringify(shape)} needs ${need} bytes)`);
  }
  let values: NumericArray;
  let dtype = dt.name;
  if (dt.kind === 'c') {
    const part: ScalarType = dt.size === 8 ? 'float32' : 'float64';
    values = complexMagnitude(decodeArray(bytes, dataStart, 2 * count, part, dt.littleEndian)!);
    dtype = part; // complex in file: magnitudes
  } else {
    const type: ScalarType = dt.kind === 'b' ? 'bool' : (dt.name as ScalarType);
    values = decodeArray(bytes, dataStart, count, type, dt.littleEndian)!;
  }
  if (fortran === 'True' && shape.length > 1) values = fortranToC(values, shape);
  return { shape, dtype, values };
}

/** Reorder a Fortran-order array to C order. */
function fortranToC(values: NumericArray, shape: number[]): NumericArray {
  const n = values.length;
  const out = new Float64Array(n);
  const nd = shape.length;
  const idx = new Array<number>(nd).fill(0);
  const fstride = new Array<number>(nd);
  let s = 1;
  for (let d = 0; d < nd; d++) { fstride[d] = s; s *= shape[d]!; }
  for (let i = 0; i < n; i++) {
    let f = 0;
    for (let d = 0; d < nd; d++) f += idx[d]! * fstride[d]!;
    out[i] = Number(values[f]!);
    for (let d = nd - 1; d >= 0; d--) { if (++idx[d]! < shape[d]!) break; idx[d] = 0; }
  }
  return out;
}

/** One .npy as an ImageRecord titled `title`. */
export function npyToRecord(arr: NpyArray, title: string): ImageRecord {
  return makeRecord({ title, shape: arr.shape, dtype: arr.dtype, values: arr.values, metadata: { format: 'npy' } });
}
