// NumPy .npz reader: a ZIP of .npy members (numpy.savez / savez_compressed), one record per member.

import { InputError } from '../errors.js';
import { MAX_FILE_BYTES } from '../bytes.js';
import type { ImageRecord } from '../types.js';
import { npyToRecord, parseNpy } from './read.js';
import { readZip } from './zip.js';

/** True when bytes start with a ZIP local-file or empty-archive signature. */
export function isZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || bytes[2] === 5) && (bytes[3] === 4 || bytes[3] === 6);
}

/** Every .npy member of an .npz, titled by member name without '.npy'. */
export function parseNpz(bytes: Uint8Array, file: string): ImageRecord[] {
  const entries = readZip(bytes, file, MAX_FILE_BYTES).filter((e) => e.name.endsWith('.npy'));
  if (entries.length === 0) throw new InputError(file, 'the .npz archive holds no .npy arrays');
  return entries.map((e) => {
    const title = e.name.slice(0, -4);
    const rec = npyToRecord(parseNpy(e.read(), `${file}:${e.name}`), title);
    rec.metadata = { format: 'npz', member: e.name };
    return rec;
  });
}
