// Velox EMD (Thermo Fisher; layout as documented by RosettaSciIO's _emd_velox.py): JSON in uint8/string datasets.

import type { H5Value } from '../hdf5/client.js';
import { asString } from '../hdf5/tree.js';

/** Parse a Velox JSON blob (a string dataset, or NUL-padded UTF-8 bytes); null when it is not JSON. */
export function veloxJson(v: H5Value | undefined): Record<string, unknown> | null {
  const s = asString(v);
  if (s === null) return null;
  try {
    const j: unknown = JSON.parse(s);
    return j !== null && typeof j === 'object' && !Array.isArray(j) ? (j as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Walk a JSON object by keys; undefined when any step is missing. */
export function dig(o: unknown, ...keys: string[]): unknown {
  let cur = o;
  for (const k of keys) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}

/** A Velox numeric field (Velox writes numbers as strings). */
export function veloxNumber(v: unknown): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : null;
}
