// Where fusem may write, checked before any work starts: not a device or pseudo-filesystem (/proc, /sys, /dev, where
// Node's recursive mkdir can loop forever), not the filesystem root, the home folder or the working folder itself,
// a folder (or a path under a folder) that exists or can be made, and writable. Folders are made one level at a
// time with a bound, never with a recursive mkdir that can loop.

import { constants } from 'node:fs';
import { access, mkdir, realpath, stat, statfs } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { InputError } from './errors.js';

/** Deepest path fusem walks up or makes (a bound on every loop over path components). */
export const MAX_PATH_DEPTH = 256;

/** Pseudo-filesystems that hold no user files (statfs f_type magic numbers, linux/magic.h). */
const PSEUDO_FS: Record<number, string> = {
  0x9fa0: 'proc', 0x62656572: 'sysfs', 0x1373: 'devfs', 0x1cd1: 'devpts', 0x27e0eb: 'cgroup', 0x63677270: 'cgroup2',
  0x64626720: 'debugfs', 0x74726163: 'tracefs', 0x73636673: 'securityfs', 0x62656570: 'configfs', 0xcafe4a11: 'bpf',
  0x6165676c: 'pstore', 0xde5e81e4: 'efivarfs', 0x42494e4d: 'binfmt_misc', 0x19800202: 'mqueue', 0x65735543: 'fusectl',
};

/** Top-level folders of pseudo-files and devices on Linux and macOS (/dev/shm, a RAM disk, is a real folder). */
const PSEUDO_ROOTS = ['/proc', '/sys', '/dev'];
const ALLOWED_UNDER_PSEUDO = ['/dev/shm'];

const under = (p: string, root: string): boolean => p === root || p.startsWith(`${root}/`);

/** Why `abs` (resolved) lies in a device or pseudo-filesystem by its name, or null. */
function pseudoByName(abs: string): string | null {
  if (process.platform === 'win32') return /^\\\\[.?]\\/.test(abs) ? 'is a device path' : null;
  if (ALLOWED_UNDER_PSEUDO.some((r) => under(abs, r))) return null;
  const root = PSEUDO_ROOTS.find((r) => under(abs, r));
  return root ? `is under ${root}, which holds devices or kernel pseudo-files, not folders fusem can write into` : null;
}

/** The nearest existing ancestor of `abs` (itself when it exists), walking up at most MAX_PATH_DEPTH levels. */
export async function nearestExisting(abs: string): Promise<{ dir: string; isDir: boolean; missing: string[] }> {
  const missing: string[] = [];
  let p = abs;
  for (let k = 0; k <= MAX_PATH_DEPTH; k++) {
    const st = await stat(p).catch((e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? null : e));
    if (st !== null && !(st instanceof Error)) return { dir: p, isDir: st.isDirectory(), missing };
    if (st instanceof Error) {
      // ENOTDIR: a file part-way up; anything else (EACCES, ELOOP...) stops here
      if (st.code === 'ENOTDIR') { missing.unshift(path.basename(p)); p = path.dirname(p); continue; }
      throw new InputError(abs, `cannot be reached (${st.code ?? st.message})`);
    }
    const parent = path.dirname(p);
    if (parent === p) break;
    missing.unshift(path.basename(p));
    p = parent;
  }
  throw new InputError(abs, `is nested more than ${MAX_PATH_DEPTH} folders deep`);
}

export interface WritableCheck {
  /** What the path is for, in messages: 'the output folder', 'the project folder'. */
  what?: string;
  /** Refuse the filesystem root, the home folder and the working folder themselves (default true). */
  refuseRootLike?: boolean;
}

/** Why `abs` is too broad a place to replace or fill (the root, the home folder, the working folder), or null. */
export function rootLikeProblem(abs: string): string | null {
  if (path.parse(abs).root === abs) return 'is the root of a filesystem';
  if (abs === path.resolve(homedir())) return 'is your home folder';
  if (abs === process.cwd()) return 'is the current folder itself';
  return null;
}

/**
 * Check that `target` (a folder fusem will create or fill) may be written: refuses an empty path, root-like folders,
 * devices and pseudo-filesystems, a file in the way, and a read-only parent. Returns the absolute path. Nothing is made.
 */
export async function checkWritableFolder(target: string, options: WritableCheck = {}): Promise<string> {
  const what = options.what ?? 'the folder';
  if (target.trim() === '') throw new InputError(`${what} ""`, 'is empty: name a folder');
  if (target.includes('\0')) throw new InputError(what, 'contains a NUL character');
  const abs = path.resolve(target);
  if (options.refuseRootLike !== false) {
    const broad = rootLikeProblem(abs);
    if (broad) throw new InputError(target, `${broad}; name a new folder for ${what}`);
  }
  const byName = pseudoByName(abs);
  if (byName) throw new InputError(target, byName);
  const near = await nearestExisting(abs);
  const real = await realpath(near.dir).catch(() => near.dir);
  const realByName = pseudoByName(real);
  if (realByName) throw new InputError(target, realByName);
  const fs = await statfs(real).catch(() => null);
  const kind = fs ? PSEUDO_FS[Number(fs.type)] : undefined;
  if (kind) throw new InputError(target, `is on a ${kind} pseudo-filesystem, not a folder fusem can write into`);
  if (!near.isDir) throw new InputError(target, `cannot be made: ${near.dir} is a file, not a folder`);
  const ok = await access(near.dir, constants.W_OK | constants.X_OK).then(() => true, () => false);
  if (!ok) throw new InputError(target, near.missing.length === 0 ? 'is not writable' : `cannot be made: ${near.dir} is not writable`);
  return abs;
}

/** Make `dir` and its missing parents, one level at a time (at most MAX_PATH_DEPTH), after checkWritableFolder. */
export async function mkdirBounded(dir: string): Promise<void> {
  const abs = path.resolve(dir);
  const near = await nearestExisting(abs);
  if (!near.isDir) throw new InputError(dir, `cannot be made: ${near.dir} is a file, not a folder`);
  let p = near.dir;
  for (const part of near.missing) {
    p = path.join(p, part);
    await mkdir(p).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'EEXIST') throw new InputError(dir, `cannot be made (${e.code ?? e.message} at ${p})`);
    });
  }
}

/** Check that `dir` is an existing folder fusem may read from (watch): not a device or pseudo-filesystem. */
export async function checkReadableFolder(dir: string, what = 'the folder'): Promise<string> {
  if (dir.trim() === '') throw new InputError(`${what} ""`, 'is empty: name a folder');
  const abs = path.resolve(dir);
  const real = await realpath(abs).catch(() => null);
  if (real === null) throw new InputError(dir, 'does not exist');
  const byName = pseudoByName(abs) ?? pseudoByName(real);
  if (byName) throw new InputError(dir, byName);
  const fs = await statfs(real).catch(() => null);
  const kind = fs ? PSEUDO_FS[Number(fs.type)] : undefined;
  if (kind) throw new InputError(dir, `is on a ${kind} pseudo-filesystem, not a folder of data`);
  if (!(await stat(real)).isDirectory()) throw new InputError(dir, 'is not a folder');
  return abs;
}
