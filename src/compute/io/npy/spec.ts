// NumPy .npy format v1.0–3.0 (numpy.lib.format, NEP 1): magic, version, header length, Python-literal header dict.

/** Magic string at the start of every .npy file. */
export const NPY_MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

/** Element kinds fusem reads, by NumPy type character and itemsize. */
export interface NpyDtype {
  name: string; // numpy name: 'float32', 'uint16', 'bool', ...
  kind: 'b' | 'i' | 'u' | 'f' | 'c';
  size: number;
  littleEndian: boolean;
}

/** Parse a descr like '<f4', '|u1', '>i2', '|b1', '<c8'; null when unsupported. */
export function parseDescr(descr: string): NpyDtype | null {
  const m = /^([<>|=])([biufc])(\d+)$/.exec(descr);
  if (!m) return null;
  const kind = m[2] as NpyDtype['kind'];
  const size = Number(m[3]);
  const ok: Record<string, number[]> = { b: [1], i: [1, 2, 4, 8], u: [1, 2, 4, 8], f: [4, 8], c: [8, 16] };
  if (!ok[kind]!.includes(size)) return null;
  const names: Record<string, string> = { b: 'bool', i: 'int', u: 'uint', f: 'float', c: 'complex' };
  const name = kind === 'b' ? 'bool' : `${names[kind]}${size * 8}`;
  return { name, kind, size, littleEndian: m[1] !== '>' };
}
