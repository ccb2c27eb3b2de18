// Gatan DigitalMicrograph DM3/DM4 tag tree (format as documented by Chris Boothroyd and RosettaSciIO's
// digital_micrograph.py): big-endian structure, data in the header's byte order, DM4 lengths as 8 bytes.

import { excerpt, InputError } from '../errors.js';

/** A simple-typed array left in place in the file (image data can be large). */
export interface DmArray {
  kind: 'array';
  /** Element type code; 15 for arrays of structs (then `fields` lists the field types). */
  type: number;
  fields?: number[];
  offset: number;
  count: number;
  byteLength: number;
  littleEndian: boolean;
  /** Decoded values, for short simple arrays (strings, dimension lists). */
  values?: number[];
}
export type DmValue = number | string | DmValue[] | DmGroup | DmArray;
export interface DmGroup { kind: 'group'; entries: { label: string; value: DmValue }[] }

/** DM encoded types -> byte size (2 int16, 3 int32, 4 uint16, 5 uint32, 6 float32, 7 float64, 8 bool, 9 char, 10 int8, 11 int64, 12 uint64). */
export const DM_SIZE: Record<number, number> = { 2: 2, 3: 4, 4: 2, 5: 4, 6: 4, 7: 8, 8: 1, 9: 1, 10: 1, 11: 8, 12: 8 };

/** DM3/DM4 files start with version 3 or 4 as a big-endian uint32. */
export function isDm(b: Uint8Array): boolean {
  return b.length >= 4 && b[0] === 0 && b[1] === 0 && b[2] === 0 && (b[3] === 3 || b[3] === 4);
}

const MAX_DEPTH = 64;
const MAX_TAGS = 2_000_000;
const EAGER_ARRAY = 4096; // arrays up to this length are decoded into numbers

/** Parse a DM3/DM4 file's whole tag tree. */
export function parseDmTags(bytes: Uint8Array, file: string): { version: 3 | 4; root: DmGroup } {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const bad = (what: string): never => { throw new InputError(file, `corrupt DigitalMicrograph file: ${what}`); };
  if (!isDm(bytes) || bytes.length < 16) bad('bad header');
  const version = bytes[3] as 3 | 4;
  const wide = version === 4;
  let p = 4;
  const need = (n: number): void => { if (!(n >= 0) || p + n > bytes.length) bad('runs past the end of the file (truncated?)'); };
  const beLen = (): number => {
    if (wide) {
      need(8);
      const v = dv.getBigUint64(p, false);
      p += 8;
      if (v > BigInt(Number.MAX_SAFE_INTEGER)) bad('implausible length');
      return Number(v);
    }
    need(4);
    const v = dv.getUint32(p, false);
    p += 4;
    return v;
  };
  beLen(); // root tag directory length (unreliable in practice; not used)
  need(4);
  const le = dv.getUint32(p, false) === 1;
  p += 4;
  let tagCount = 0;

  const scalar = (type: number): number => {
    const size = DM_SIZE[type];
    if (size === undefined) return bad(`unknown data type ${type}`);
    need(size);
    let v: number;
    switch (type) {
      case 2: v = dv.getInt16(p, le); break;
      case 3: v = dv.getInt32(p, le); break;
      case 4: v = dv.getUint16(p, le); break;
      case 5: v = dv.getUint32(p, le); break;
      case 6: v = dv.getFloat32(p, le); break;
      case 7: v = dv.getFloat64(p, le); break;
      case 8: case 9: v = dv.getUint8(p); break;
      case 10: v = dv.getInt8(p); break;
      case 11: v = Number(dv.getBigInt64(p, le)); break;
      default: v = Number(dv.getBigUint64(p, le)); break;
    }
    p += size;
    return v;
  };

  const readData = (info: number[]): DmValue => {
    const t = info[0];
    if (t === undefined) return bad('empty type description');
    if (t in DM_SIZE) return scalar(t);
    if (t === 18) { // string: info[1] = length in bytes
      const n = info[1] ?? 0;
      need(n);
      const s = new TextDecoder('latin1').decode(bytes.subarray(p, p + n));
      p += n;
      return s;
    }
    if (t === 15) { // struct: [15, nameLen, nFields, (nameLen, type) * nFields]
      const nf = info[2] ?? 0;
      if (info.length < 3 + 2 * nf) bad('bad struct description');
      const out: DmValue[] = [];
      for (let i = 0; i < nf; i++) out.push(scalar(info[4 + 2 * i]!));
      return out;
    }
    if (t === 20) { // array: [20, elemType, ..., count]
      const et = info[1];
      const count = info[info.length - 1] ?? 0;
      if (et === undefined) return bad('bad array description');
      if (et in DM_SIZE) {
        const size = DM_SIZE[et]!;
        need(count * size);
        const arr: DmArray = { kind: 'array', type: et, offset: p, count, byteLength: count * size, littleEndian: le };
        if (count <= EAGER_ARRAY) {
          const values: number[] = [];
          for (let i = 0; i < count; i++) values.push(scalar(et));
          arr.values = values;
        } else {
          p += count * size;
        }
        return arr;
      }
      if (et === 15) { // array of structs: [20, 15, nameLen, nFields, (nameLen, type)*, count]
        const nf = info[3] ?? 0;
        if (info.length < 5 + 2 * nf) bad('bad struct-array description');
        const types = Array.from({ length: nf }, (_, i) => info[5 + 2 * i]!);
        const size = types.reduce((s, ty) => s + (DM_SIZE[ty] ?? NaN), 0);
        if (!Number.isFinite(size)) bad('bad struct field type');
        need(count * size);
        const arr: DmArray = { kind: 'array', type: 15, fields: types, offset: p, count, byteLength: count * size, littleEndian: le };
        p += count * size;
        return arr;
      }
      return bad(`unsupported array element type ${et}`);
    }
    return bad(`unknown encoded type ${t}`);
  };

  const readGroup = (depth: number): DmGroup => {
    if (depth > MAX_DEPTH) bad('tag groups nested too deeply');
    need(2);
    p += 2; // sorted, open
    const n = beLen();
    const entries: DmGroup['entries'] = [];
    for (let i = 0; i < n; i++) {
      if (++tagCount > MAX_TAGS) bad('too many tags');
      need(3);
      const kind = dv.getUint8(p);
      const len = dv.getUint16(p + 1, false);
      p += 3;
      if (kind === 0) break; // end marker some writers emit
      need(len);
      const label = new TextDecoder('latin1').decode(bytes.subarray(p, p + len));
      p += len;
      if (wide) beLen(); // DM4: total size of this tag entry
      if (kind === 20) {
        entries.push({ label, value: readGroup(depth + 1) });
      } else if (kind === 21) {
        need(4);
        if (dv.getUint32(p, false) !== 0x25252525) bad(`tag '${excerpt(label)}' lacks its %%%% marker`);
        p += 4;
        const ninfo = beLen();
        if (ninfo > 1024) bad(`tag '${excerpt(label)}' has an implausible type description`);
        const info: number[] = [];
        for (let k = 0; k < ninfo; k++) info.push(beLen());
        entries.push({ label, value: readData(info) });
      } else {
        bad(`unknown tag kind ${kind}`);
      }
    }
    return { kind: 'group', entries };
  };
  return { version, root: readGroup(0) };
}

/** Child of a group by label. */
export function dmGet(v: DmValue | undefined, ...labels: string[]): DmValue | undefined {
  let cur = v;
  for (const l of labels) {
    if (!cur || typeof cur !== 'object' || Array.isArray(cur) || cur.kind !== 'group') return undefined;
    cur = cur.entries.find((e) => e.label === l)?.value;
  }
  return cur;
}

/** The entries of a group (empty for anything else). */
export function dmList(v: DmValue | undefined): DmValue[] {
  return v && typeof v === 'object' && !Array.isArray(v) && v.kind === 'group' ? v.entries.map((e) => e.value) : [];
}

/** DM strings are stored as arrays of uint16 (UTF-16) or as string tags. */
export function dmString(v: DmValue | undefined): string | null {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object' && !Array.isArray(v) && v.kind === 'array' && v.values && (v.type === 4 || v.type === 9 || v.type === 10)) {
    return String.fromCharCode(...v.values);
  }
  return null;
}

export function dmNumber(v: DmValue | undefined): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** A tag subtree as plain JSON-able data (groups with labels -> objects, unlabelled -> arrays), size-capped. */
export function dmToPlain(v: DmValue | undefined, budget = { left: 5000 }): unknown {
  if (budget.left-- <= 0) return null;
  if (v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'string') return v;
  if (Array.isArray(v)) return v.length <= 64 ? v.map((x) => dmToPlain(x, budget)) : `[${v.length} values]`;
  if (v.kind === 'array') {
    if (v.type === 4 && v.values) return dmString(v);
    return v.values && v.count <= 64 ? v.values : `[${v.count} values]`;
  }
  if (v.entries.every((e) => e.label === '')) return v.entries.map((e) => dmToPlain(e.value, budget));
  const o: Record<string, unknown> = {};
  for (const e of v.entries) o[e.label] = dmToPlain(e.value, budget);
  return o;
}
