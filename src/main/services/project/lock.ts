// The project lock (DESIGN.md §3): dir/.fusem.lock, created exclusively ('wx'), holding the owner's pid, host
// and start time. A second opener is told who holds it. A lock whose process is gone from this host, or whose
// heartbeat (the file's mtime, refreshed while open) is older than `staleMs`, is taken over, and that is said.

import { randomBytes } from 'node:crypto';
import { link, open, readFile, rename, stat, unlink, utimes } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { FUSEM_VERSION } from '../../../compute/node/version.js';
import { errnoOf, messageOf, ProjectError } from './errors.js';

export const LOCK_FILE = '.fusem.lock';

/** What the lock file holds (JSON). */
export interface LockInfo {
  pid: number;
  hostname: string;
  /** ISO time the project was opened. */
  started: string;
  fusemVersion: string;
  /** Random: tells this opener's lock from a later one with a reused pid. */
  token: string;
}

export interface LockOptions {
  /** A lock whose heartbeat is older than this is stale (ms, default 5 minutes). */
  staleMs?: number;
  /** How often the holder refreshes the heartbeat (ms, default 30 s; 0 = never). */
  heartbeatMs?: number;
  /** Called once if another fusem takes the lock over (it judged this one stale). */
  onLost?: (holder: LockInfo | null) => void;
}

export interface ProjectLock {
  readonly file: string;
  readonly info: LockInfo;
  /** The takeover of a stale lock, said in a sentence; null when the lock was free. */
  readonly tookOver: string | null;
  /** True once another fusem has taken the lock (saving would then overwrite its work). */
  readonly lost: boolean;
  /** Refresh the heartbeat now and check the lock is still this one's. */
  heartbeat(): Promise<boolean>;
  /** Stop the heartbeat and remove the lock file (only if it is still this one's). */
  release(): Promise<void>;
}

export const DEFAULT_STALE_MS = 5 * 60_000;
export const DEFAULT_HEARTBEAT_MS = 30_000;
/** A lock file that cannot be parsed is being written by its creator for at most this long. */
const UNREADABLE_GRACE_MS = 2_000;

function parseLock(text: string): LockInfo | null {
  try {
    const v: unknown = JSON.parse(text);
    if (typeof v !== 'object' || v === null) return null;
    const o = v as Record<string, unknown>;
    if (typeof o['pid'] !== 'number' || typeof o['hostname'] !== 'string' || typeof o['started'] !== 'string') return null;
    return {
      pid: o['pid'], hostname: o['hostname'], started: o['started'],
      fusemVersion: typeof o['fusemVersion'] === 'string' ? o['fusemVersion'] : '?',
      token: typeof o['token'] === 'string' ? o['token'] : '',
    };
  } catch {
    return null;
  }
}

export interface LockState { info: LockInfo | null; text: string; mtimeMs: number }

/** The lock of `dir` as it is on disk, or null when there is none. */
export async function readLock(dir: string): Promise<LockState | null> {
  const file = path.join(dir, LOCK_FILE);
  try {
    const [text, st] = await Promise.all([readFile(file, 'utf8'), stat(file)]);
    return { info: parseLock(text), text, mtimeMs: st.mtimeMs };
  } catch (e) {
    if (errnoOf(e) === 'ENOENT') return null;
    throw e;
  }
}

/** Is process `pid` alive on this host? (EPERM: alive, owned by someone else.) */
export function isPidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return errnoOf(e) === 'EPERM';
  }
}

/** "pid N on host H since T" */
export function describeHolder(info: LockInfo): string {
  return `pid ${info.pid} on host ${info.hostname} since ${info.started}`;
}

/** Why the lock is stale, or null when its holder may still be working. */
function staleReason(state: LockState, staleMs: number, now: number): string | null {
  const age = now - state.mtimeMs;
  if (state.info === null) return age > UNREADABLE_GRACE_MS ? 'the lock file is unreadable' : null;
  if (state.info.hostname === hostname() && !isPidAlive(state.info.pid)) return `process ${state.info.pid} is no longer running on this host`;
  if (age > staleMs) return `no heartbeat for ${Math.round(age / 1000)} s`;
  return null;
}

async function createExclusive(file: string, info: LockInfo): Promise<boolean> {
  let fh;
  try {
    fh = await open(file, 'wx');
  } catch (e) {
    if (errnoOf(e) === 'EEXIST') return false;
    throw e;
  }
  try {
    await fh.writeFile(JSON.stringify(info, null, 1) + '\n');
    await fh.sync();
  } finally {
    await fh.close();
  }
  return true;
}

/**
 * Remove a stale lock without removing a fresh one that replaced it meanwhile: move it aside (only one opener
 * can), check it is the one judged stale, and put it back if it is not.
 */
async function removeStale(file: string, judged: LockState): Promise<void> {
  const aside = `${file}.stale-${process.pid}-${randomBytes(3).toString('hex')}`;
  try {
    await rename(file, aside);
  } catch (e) {
    if (errnoOf(e) === 'ENOENT') return; // someone else removed it first
    throw e;
  }
  const moved = await readFile(aside, 'utf8').catch(() => null);
  if (moved !== judged.text) await link(aside, file).catch(() => undefined); // a fresh lock: put it back
  await unlink(aside).catch(() => undefined);
}

function lockedError(dir: string, state: LockState): ProjectError {
  if (state.info === null) return new ProjectError('locked', dir, 'is being opened by another fusem right now; try again in a moment, or open it read-only');
  const self = state.info.hostname === hostname() && state.info.pid === process.pid;
  const who = self ? `this fusem (${describeHolder(state.info)})` : `another fusem (${describeHolder(state.info)})`;
  return new ProjectError('locked', dir, `project is open in ${who}; close it there, or open it read-only`);
}

/** Take the lock of project folder `dir`, or throw ProjectError 'locked' naming its holder. */
export async function acquireLock(dir: string, options: LockOptions = {}): Promise<ProjectLock> {
  const staleMs = options.staleMs ?? DEFAULT_STALE_MS;
  const heartbeatMs = options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
  const file = path.join(dir, LOCK_FILE);
  const info: LockInfo = {
    pid: process.pid, hostname: hostname(), started: new Date().toISOString(), fusemVersion: FUSEM_VERSION,
    token: randomBytes(8).toString('hex'),
  };
  let tookOver: string | null = null;
  for (let tries = 0; ; tries++) {
    let created: boolean;
    try {
      created = await createExclusive(file, info);
    } catch (e) {
      throw new ProjectError('io', file, `cannot create the lock file: ${messageOf(e)}`);
    }
    if (created) break;
    const state = await readLock(dir).catch(() => null);
    if (state === null) continue; // released meanwhile
    const reason = staleReason(state, staleMs, Date.now());
    if (reason === null || tries >= 5) throw lockedError(dir, state);
    await removeStale(file, state);
    const whose = state.info ? ` of ${describeHolder(state.info)}` : '';
    tookOver = `${dir}: took over a stale lock${whose} (${reason})`;
  }
  return new HeldLock(file, dir, info, tookOver, heartbeatMs, options.onLost);
}

class HeldLock implements ProjectLock {
  private timer: NodeJS.Timeout | null = null;
  private isLost = false;
  private released = false;

  constructor(
    readonly file: string,
    private readonly dir: string,
    readonly info: LockInfo,
    readonly tookOver: string | null,
    heartbeatMs: number,
    private readonly onLost?: (holder: LockInfo | null) => void,
  ) {
    if (heartbeatMs > 0) {
      this.timer = setInterval(() => void this.heartbeat(), heartbeatMs);
      this.timer.unref();
    }
  }

  get lost(): boolean { return this.isLost; }

  /** true: still this lock; 'unknown': the lock file could not be read just now; else what is there instead. */
  private async stillMine(): Promise<LockState | null | true | 'unknown'> {
    let state: LockState | null;
    try {
      state = await readLock(this.dir);
    } catch {
      return 'unknown'; // a transient error (network share, too many open files) is not a takeover
    }
    return state?.info?.token === this.info.token ? true : state;
  }

  async heartbeat(): Promise<boolean> {
    if (this.released || this.isLost) return !this.isLost && !this.released;
    const mine = await this.stillMine();
    if (mine === 'unknown') return true;
    if (mine !== true) {
      this.isLost = true;
      this.stopTimer();
      this.onLost?.(mine?.info ?? null);
      return false;
    }
    const now = new Date();
    await utimes(this.file, now, now).catch(() => undefined);
    return true;
  }

  private stopTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    this.stopTimer();
    if ((await this.stillMine()) === true) await unlink(this.file).catch(() => undefined);
  }
}
