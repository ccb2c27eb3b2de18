// An HDF5 file as fusem sees it: its object tree (scanned by the worker) and on-demand dataset reads.

import { InputError } from '../errors.js';
import { checkFile } from '../bytes.js';
import { checkDecodedSize, maxDecodedBytes } from '../limits.js';
import type { NumericArray } from '../record.js';
import { h5InputError, h5Request, timeoutFor, type H5Node, type H5Value } from './client.js';

/** HDF5 signature (HDF5 File Format Spec §II.A), at offset 0, 512, 1024, ... */
export const HDF5_MAGIC = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

export function isHdf5(head: Uint8Array): boolean {
  return HDF5_MAGIC.every((b, i) => head[i] === b);
}


export class H5Tree {
  readonly byPath: Map<string, H5Node>;
  constructor(readonly file: string, readonly size: number, readonly nodes: H5Node[]) {
    this.byPath = new Map(nodes.map((n) => [n.path, n]));
  }

  get(path: string): H5Node | undefined {
    return this.byPath.get(path.startsWith('/') ? path : `/${path}`);
  }

  /** Direct children of a group path. */
  children(path: string): H5Node[] {
    const base = path === '/' ? '/' : `${path.replace(/\/$/, '')}/`;
    return this.nodes.filter((n) => n.path !== '/' && n.path.startsWith(base) && !n.path.slice(base.length).includes('/'));
  }

  /** Read full datasets (values as typed arrays, or strings). */
  async read(paths: string[]): Promise<Record<string, H5Value>> {
    // chunked, compressed datasets inflate to their declared shape: capped before the worker reads them
    const limit = maxDecodedBytes();
    const declared = paths.reduce((s, p) => { const n = this.get(p); return s + (n?.shape ? n.shape.reduce((a, d) => a * d, 1) * (n.itemsize ?? 8) : 0); }, 0);
    checkDecodedSize(this.file, paths.length === 1 ? `dataset ${paths[0]}` : `${paths.length} datasets`, declared, limit);
    try {
      return await h5Request<Record<string, H5Value>>(
        { op: 'read', file: this.file, paths, maxBytes: limit }, timeoutFor(this.size));
    } catch (e) {
      throw h5InputError(this.file, e);
    }
  }

  /** Read one numeric dataset. */
  async readNumeric(path: string): Promise<NumericArray> {
    const node = this.get(path);
    if (node?.value !== undefined && isNumeric(node.value)) return node.value;
    const v = (await this.read([path]))[path];
    if (!isNumeric(v)) throw new InputError(this.file, `dataset ${path} is not numeric`);
    return v;
  }
}

export function isNumeric(v: H5Value | undefined): v is Exclude<NumericArray, number[] | BigInt64Array | BigUint64Array> {
  return ArrayBuffer.isView(v) && !(v instanceof DataView);
}

/** Scan an HDF5 file's tree (attributes everywhere, small datasets inline). */
export async function scanHdf5(file: string): Promise<H5Tree> {
  const size = await checkFile(file);
  try {
    const nodes = await h5Request<H5Node[]>({ op: 'scan', file, maxInline: 1 << 20, maxNodes: 200_000 }, timeoutFor(size));
    return new H5Tree(file, size, nodes);
  } catch (e) {
    throw h5InputError(file, e);
  }
}

/** A string attribute or string-like value (bytes decoded as UTF-8, NULs stripped). */
export function asString(v: H5Value | undefined): string | null {
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && v.length === 1 && typeof v[0] === 'string') return v[0];
  if (v instanceof Uint8Array || v instanceof Int8Array) {
    const b = new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
    const end = b.indexOf(0);
    return new TextDecoder().decode(end >= 0 ? b.subarray(0, end) : b);
  }
  return null;
}

/** A numeric attribute (first element of arrays), or null. */
export function asNumber(v: H5Value | undefined): number | null {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (ArrayBuffer.isView(v) && !(v instanceof DataView) && v.length > 0) return Number(v[0]);
  if (Array.isArray(v) && typeof v[0] === 'number') return v[0];
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return null;
}
