// Dataset and result ids: short, sortable by creation time (UTC, to the second), unique within a project,
// and safe as folder names. Example: ds-20261125-170102-ab12.

import { randomBytes } from 'node:crypto';

export type IdPrefix = 'ds' | 'res';

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** yyyymmdd-hhmmss in UTC. */
export function stamp(at: Date): string {
  return `${at.getUTCFullYear()}${pad(at.getUTCMonth() + 1)}${pad(at.getUTCDate())}-${pad(at.getUTCHours())}${pad(at.getUTCMinutes())}${pad(at.getUTCSeconds())}`;
}

/** A new id with `prefix`, created `at`, not among those `taken` says are in use. */
export function newId(prefix: IdPrefix, taken: (id: string) => boolean, at: Date = new Date()): string {
  for (;;) {
    const id = `${prefix}-${stamp(at)}-${randomBytes(2).toString('hex')}`;
    if (!taken(id)) return id;
  }
}

/** Ids (and stored file names) must be plain names: no separators, no '..', nothing hidden. */
export function isSafeName(name: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9._ ()+,=@-]*$/.test(name) && !name.includes('..') && name.length <= 200;
}
