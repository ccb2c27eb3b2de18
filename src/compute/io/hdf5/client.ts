// The HDF5 client: one lazily started worker running h5wasm; restarted after a crash, an abort or a timeout.

import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { InputError } from '../errors.js';
import { WORKER_SOURCE } from './worker-source.js';

/** Attribute and inline dataset values as the worker returns them. */
export type H5Value =
  | number | string | boolean | null | H5Value[]
  | Float32Array | Float64Array | Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array;

export interface H5Node {
  path: string;
  kind: 'group' | 'dataset' | 'other';
  attrs: Record<string, H5Value>;
  dtype?: string;
  shape?: number[] | null;
  itemsize?: number;
  /** Present for datasets small enough to be read during the scan. */
  value?: H5Value;
}

/** Attributes to write: value plus optional explicit HDF5 dtype ('<i8', '<f8', ...). */
export interface H5AttrSpec { value: number | string | boolean | number[] | string[]; dtype?: string; shape?: number[] }
export type H5WriteNode =
  | { kind: 'group'; path: string; attrs?: Record<string, H5AttrSpec> }
  | { kind: 'dataset'; path: string; data: Float32Array | Float64Array | Int32Array | Uint8Array | string | string[]; shape?: number[]; dtype?: string; attrs?: Record<string, H5AttrSpec> };

interface Reply { id: number; ok: boolean; result?: unknown; fatal?: boolean; dirty?: boolean; message?: string }
interface Pending { resolve: (v: unknown) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }

/** Thrown (and mapped to an InputError by callers) when HDF5 cannot read a file. */
export class H5Failure extends Error {
  constructor(message: string, readonly kind: 'error' | 'crash' | 'timeout') { super(message); }
}

function h5wasmUrl(): string {
  const meta = import.meta as ImportMeta & { resolve?: (s: string) => string };
  try {
    const u = meta.resolve?.('h5wasm/node');
    if (u && u.startsWith('file:')) return u;
  } catch { /* fall back to a node_modules search */ }
  const req = createRequire(import.meta.url);
  for (const dir of req.resolve.paths('h5wasm') ?? []) {
    const p = join(dir, 'h5wasm', 'dist', 'node', 'hdf5_hl.js');
    if (existsSync(p)) return pathToFileURL(p).href;
  }
  throw new Error('h5wasm is not installed (needed to read HDF5 files)');
}

interface Slot { w: Worker; pending: Map<number, Pending>; retired: boolean }

let current: Slot | null = null;
let nextId = 1;

function failAll(slot: Slot, err: Error): void {
  for (const [id, p] of slot.pending) { clearTimeout(p.timer); slot.pending.delete(id); p.reject(err); }
}

/** Take a worker out of service: new requests go to a fresh one; this one ends once its requests are answered. */
function retire(slot: Slot): void {
  slot.retired = true;
  if (current === slot) current = null;
  if (slot.pending.size === 0) void slot.w.terminate();
}

function start(): Slot {
  if (current) return current;
  const w = new Worker(WORKER_SOURCE, { eval: true, workerData: { h5wasmUrl: h5wasmUrl() }, stderr: true, stdout: true });
  const slot: Slot = { w, pending: new Map(), retired: false };
  w.stderr.resume(); // HDF5 diagnostics are not ours to print
  w.stdout.resume();
  w.on('message', (m: Reply) => {
    const p = slot.pending.get(m.id);
    if (!p) return;
    clearTimeout(p.timer);
    slot.pending.delete(m.id);
    // A fatal error may have corrupted the wasm heap; a dirty one may have left a file open inside HDF5
    // (stale metadata on the next open of that inode): either way, never reuse this worker.
    if (m.fatal || m.dirty) retire(slot);
    else if (slot.retired && slot.pending.size === 0) void w.terminate();
    if (m.ok) p.resolve(m.result);
    else p.reject(new H5Failure(m.message ?? 'HDF5 error', m.fatal ? 'crash' : 'error'));
    if (slot.pending.size === 0) w.unref();
  });
  w.on('error', (e) => { if (current === slot) current = null; failAll(slot, new H5Failure(`HDF5 reader crashed (${e.message})`, 'crash')); });
  w.on('exit', () => { if (current === slot) current = null; failAll(slot, new H5Failure('HDF5 reader stopped', 'crash')); });
  w.unref();
  current = slot;
  return slot;
}

/** Send one request to the HDF5 worker; a request running past `timeoutMs` kills the worker. */
export function h5Request<T>(msg: Record<string, unknown>, timeoutMs: number): Promise<T> {
  const slot = start();
  const id = nextId++;
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      slot.pending.delete(id);
      if (current === slot) current = null;
      failAll(slot, new H5Failure('HDF5 reader restarted after another request hung', 'crash'));
      void slot.w.terminate();
      reject(new H5Failure(`HDF5 reading took longer than ${Math.round(timeoutMs / 1000)} s (corrupt file?)`, 'timeout'));
    }, timeoutMs);
    slot.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
    slot.w.ref();
    slot.w.postMessage({ ...msg, id });
  });
}

/** Stop the worker now (tests, shutdown). */
export function closeHdf5Worker(): void {
  const slot = current;
  current = null;
  if (slot) { failAll(slot, new H5Failure('HDF5 reader closed', 'crash')); void slot.w.terminate(); }
}

let baseTimeoutMs = 20_000;

/** Set the base time allowed for an HDF5 request (tests that feed corrupt files use a short one); returns the old value. */
export function setHdf5BaseTimeout(ms: number): number {
  const old = baseTimeoutMs;
  baseTimeoutMs = ms;
  return old;
}

/** Time allowed for a request on a file of `bytes` bytes: the base (20 s) plus 1 s per 50 MB. */
export function timeoutFor(bytes: number): number {
  return baseTimeoutMs + Math.ceil(bytes / 50e6) * 1000;
}

/** Map a worker failure to the InputError a user sees. */
export function h5InputError(file: string, e: unknown): InputError {
  if (e instanceof InputError) return e;
  const m = e instanceof Error ? e.message : String(e);
  if (/file signature not found|not an hdf5|unable to open file|Unable to synchronously open file/i.test(m)) {
    return new InputError(file, 'not a readable HDF5 file (no HDF5 signature, or the file is truncated)');
  }
  if (e instanceof H5Failure && e.kind === 'timeout') return new InputError(file, `${m}`);
  return new InputError(file, `cannot be read as HDF5 (${m.replace(/^Error:\s*/, '')})`);
}
