// How much one input may decode to: a compressed member, a declared image or a dataset bigger than this is refused
// before it is inflated or allocated (a decompression bomb or a corrupt header must not exhaust the machine).

import { totalmem } from 'node:os';
import { InputError } from './errors.js';

const GiB = 1024 ** 3;

/**
 * The default: an eighth of the machine's memory, between 256 MiB and 2 GiB (the decoded values are then copied
 * to float32 and fused, which needs a few times as much). `FUSEM_MAX_DECODED_BYTES` overrides it.
 */
export function maxDecodedBytes(): number {
  const env = Number(process.env['FUSEM_MAX_DECODED_BYTES']);
  if (Number.isSafeInteger(env) && env > 0) return env;
  return Math.min(2 * GiB, Math.max(GiB / 4, Math.floor(totalmem() / 8)));
}

const human = (bytes: number): string =>
  bytes >= GiB ? `${(bytes / GiB).toFixed(1)} GiB` : `${(bytes / 1024 ** 2).toFixed(1)} MiB`;

/**
 * Refuse `what` of `file` when it would decode to more than the limit (`bytes` may be a declared size, a product of
 * declared dimensions, or a running total over the pages of one file).
 */
export function checkDecodedSize(file: string, what: string, bytes: number, limit: number = maxDecodedBytes()): void {
  if (!Number.isFinite(bytes) || bytes > limit) {
    throw new InputError(file, `${what} would need ${Number.isFinite(bytes) ? human(bytes) : 'an impossible amount of memory'} decoded, over fusem's limit of ${human(limit)} for one input (FUSEM_MAX_DECODED_BYTES sets it)`);
  }
}
