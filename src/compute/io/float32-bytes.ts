// float32 values as little-endian bytes (the layouts of .npy '<f4' and of a TIFF 'II'): one copy of the bytes on a
// little-endian host (every platform fusem runs on), value by value through a DataView elsewhere.

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Writes `data` into `out` from byte `at`, little-endian. */
export function putFloat32LE(out: Uint8Array, at: number, data: Float32Array): void {
  if (LITTLE_ENDIAN_HOST) {
    out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), at);
    return;
  }
  const dv = new DataView(out.buffer, out.byteOffset, out.byteLength);
  for (let i = 0; i < data.length; i++) dv.setFloat32(at + 4 * i, data[i]!, true);
}
