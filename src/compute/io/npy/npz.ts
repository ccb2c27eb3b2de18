// NumPy .npz reader: a ZIP of .npy members (numpy.savez / savez_compressed), one record per member.

import { InputError } from '../errors.js';
import { checkDecodedSize, maxDecodedBytes } from '../limits.js';
import type { ImageRecord } from '../types.js';
import { npyToRecord, parseNpy } from './read.js';
import { readZip } from './zip.js';

/** True when bytes start with a ZIP local-file or empty-archive signature. */
export function isZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || bytes[2] === 5) && (bytes[3] === 4 || bytes[3] === 6);
}

/** Every .npy member of an .npz, titled by member name without '.npy'. */
export function parseNpz(bytes: Uint8Array, file: string): ImageRecord[] {
  const limit = maxDecodedBytes();
  const entries = readZip(bytes, file, limit).filter((e) => e.name.endsWith('.npy'));
  if (entries.length === 0) throw new InputError(file, 'the .npz archive holds no .npy arrays');
  // a compressed archive may declare far more than it holds: the sum of what its members inflate to is capped
  checkDecodedSize(file, `the .npz archive (${entries.length} arrays)`, entries.reduce((s, e) => s + e.size, 0), limit);
  return entries.map((e) => {
    const title = e.name.slice(0, -4);
    const rec = npyToRecord(parseNpy(e.read(), `${file}:${e.name}`), title);
    rec.metadata = { format: 'npz', member: e.name };
    return rec;
  });
}
