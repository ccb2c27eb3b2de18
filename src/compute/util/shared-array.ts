// Float32 arrays that worker threads can share when the platform allows it.

/** A zeroed Float32Array on a SharedArrayBuffer when available, else on an ArrayBuffer. */
export function sharedFloat32(length: number): Float32Array {
  const bytes = length * Float32Array.BYTES_PER_ELEMENT;
  const buffer = typeof SharedArrayBuffer === 'function' ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
  return new Float32Array(buffer);
}

/** A shared copy of `source`. */
export function sharedCopy(source: ArrayLike<number>): Float32Array {
  const out = sharedFloat32(source.length);
  out.set(source);
  return out;
}

/** `source` itself when it already lies on a SharedArrayBuffer (no second copy of a map), else a shared copy. */
export function asShared(source: Float32Array): Float32Array {
  return typeof SharedArrayBuffer === 'function' && source.buffer instanceof SharedArrayBuffer ? source : sharedCopy(source);
}
