// NumPy .npy writer (numpy.lib.format v1.0): '<f4', C order, header padded to a multiple of 64 bytes.

import { writeFileAtomic } from '../atomic.js';
import { shapeSize } from '../record.js';
import { putFloat32LE } from '../float32-bytes.js';

/** Encode float32 data of `shape` as .npy bytes. */
export function encodeNpy(data: Float32Array, shape: number[]): Uint8Array {
  if (shapeSize(shape) !== data.length) {
    throw new Error(`encodeNpy: shape ${JSON.stringify(shape)} does not match ${data.length} values`);
  }
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': ${shapeText}, }`;
  const total = 10 + header.length + 1;
  header += ' '.repeat((64 - (total % 64)) % 64) + '\n';
  const out = new Uint8Array(10 + header.length + data.length * 4);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0], 0);
  new DataView(out.buffer).setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  putFloat32LE(out, 10 + header.length, data);
  return out;
}

/** Write float32 `data` of `shape` to `file` as .npy, atomically. */
export async function writeNpy(file: string, data: Float32Array, shape: number[]): Promise<void> {
  await writeFileAtomic(file, encodeNpy(data, shape));
}
