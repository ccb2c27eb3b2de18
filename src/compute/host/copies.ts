// Arrays that cross a process boundary travel as copies (DESIGN.md §2). A Float32Array on a SharedArrayBuffer
// would be shared, not copied, by worker_threads (and refused by child_process's serializer), and a view on a
// larger buffer would clone the whole buffer: both are replaced by an exact-size copy on a plain ArrayBuffer.

/** `a` itself when it owns a plain ArrayBuffer exactly, else an exact-size plain copy. */
export function wireArray(a: Float32Array): Float32Array {
  const plain = a.buffer instanceof ArrayBuffer && a.byteOffset === 0 && a.byteLength === a.buffer.byteLength;
  return plain ? a : new Float32Array(a);
}

export function wireArrays(list: readonly Float32Array[]): Float32Array[] {
  return list.map(wireArray);
}

/** `v` with every Float32Array inside it (arrays, plain objects) made a wire array: for replies of any shape. */
export function wireValue<T>(v: T): T {
  if (v instanceof Float32Array) return wireArray(v) as T;
  if (Array.isArray(v)) return v.map(wireValue) as T;
  if (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, wireValue(x)])) as T;
  }
  return v;
}
