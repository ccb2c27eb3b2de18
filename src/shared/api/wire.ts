// How messages travel over the WebSocket of `fusem serve`.
//
// Client → server: text frames, JSON `{ id, method, params }` (id: an integer or a short string, echoed back).
// Server → client: `{ id, ok: true, result }`, `{ id, ok: false, error: { code, message } }` (id null when the
// request had none usable), or an event `{ event, payload }`. A message without Float32Arrays is a text frame
// of JSON. A message with Float32Arrays (dataset.get, result.get, previews) is ONE binary frame:
//
//   bytes 0–3   "FSM1"
//   bytes 4–7   H, the header's length in bytes (uint32, little-endian)
//   8 … 8+H     the header, UTF-8 JSON: { "message": <the message, each Float32Array replaced by null>,
//                                         "arrays": [{ "path": [key, …], "length": n }, …] }
//   then zero padding to a multiple of 4 bytes,
//   then each array's float32 values (little-endian, as x86-64 and arm64 hold them) back to back, in order.
//
// No base64 (a third bigger and slow to decode) and no per-array frames (a reply stays one message). Over
// Electron IPC none of this applies: structured clone copies Float32Arrays as they are.

const MAGIC = [0x46, 0x53, 0x4d, 0x31]; // "FSM1"

/** Request id: echoed in the reply. */
export type RequestId = number | string;

export const MAX_ID_LENGTH = 64;

export function isRequestId(v: unknown): v is RequestId {
  return (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) || (typeof v === 'string' && v.length > 0 && v.length <= MAX_ID_LENGTH);
}

/** Client → server. */
export interface WireRequest {
  id: RequestId;
  method: string;
  params?: unknown;
}

type Key = string | number;

interface ArrayRef {
  path: Key[];
  length: number;
}

const isF32 = (v: unknown): v is Float32Array => ArrayBuffer.isView(v) && Object.prototype.toString.call(v) === '[object Float32Array]';

/** A JSON-ready copy of `value` with its Float32Arrays replaced by null, and where they were. */
function extractArrays(value: unknown, path: Key[], arrays: Float32Array[], refs: ArrayRef[]): unknown {
  if (isF32(value)) {
    arrays.push(value);
    refs.push({ path: [...path], length: value.length });
    return null;
  }
  if (Array.isArray(value)) return value.map((v, k) => extractArrays(v, [...path, k], arrays, refs));
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = extractArrays(v, [...path, k], arrays, refs);
    return out;
  }
  return value;
}

function containsArray(value: unknown): boolean {
  if (isF32(value)) return true;
  if (Array.isArray(value)) return value.some(containsArray);
  if (typeof value === 'object' && value !== null) return Object.values(value).some(containsArray);
  return false;
}

/** A message as one frame: a JSON string, or the binary layout above when it holds Float32Arrays. */
export function encodeMessage(message: unknown): string | Uint8Array {
  if (!containsArray(message)) return JSON.stringify(message);
  const arrays: Float32Array[] = [];
  const refs: ArrayRef[] = [];
  const stripped = extractArrays(message, [], arrays, refs);
  const header = new TextEncoder().encode(JSON.stringify({ message: stripped, arrays: refs }));
  const dataStart = Math.ceil((8 + header.length) / 4) * 4;
  const total = dataStart + arrays.reduce((s, a) => s + a.byteLength, 0);
  const out = new Uint8Array(total);
  out.set(MAGIC, 0);
  new DataView(out.buffer).setUint32(4, header.length, true);
  out.set(header, 8);
  let at = dataStart;
  for (const a of arrays) {
    out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), at);
    at += a.byteLength;
  }
  return out;
}

export class WireError extends Error {
  override readonly name = 'WireError';
}

function isKeyPath(v: unknown): v is Key[] {
  return Array.isArray(v) && v.length > 0 && v.every((k) => typeof k === 'string' || (typeof k === 'number' && Number.isInteger(k) && k >= 0));
}

/** Put `array` where the header's path says; the slot must exist and hold null (no prototype keys, no new keys). */
function place(root: unknown, path: Key[], array: Float32Array): void {
  let node: unknown = root;
  for (let k = 0; k < path.length; k++) {
    const key = path[k]!;
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, key)) throw new WireError(`array path ${JSON.stringify(path)} is not in the message`);
    const holder = node as Record<Key, unknown>;
    if (k === path.length - 1) {
      if (holder[key] !== null) throw new WireError(`array path ${JSON.stringify(path)} does not point at a null slot`);
      holder[key] = array;
    } else {
      node = holder[key];
    }
  }
}

/** The message of a frame (text: JSON; binary: the layout above). Throws WireError (or SyntaxError) when it is malformed. */
export function decodeMessage(frame: string | ArrayBuffer | Uint8Array): unknown {
  if (typeof frame === 'string') return JSON.parse(frame);
  const bytes = frame instanceof Uint8Array ? frame : new Uint8Array(frame);
  if (bytes.length < 8 || MAGIC.some((b, k) => bytes[k] !== b)) throw new WireError('not a fusem binary frame');
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(4, true);
  if (8 + headerLength > bytes.length) throw new WireError('binary frame shorter than its header');
  const header: unknown = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)));
  if (typeof header !== 'object' || header === null) throw new WireError('binary frame header is not an object');
  const { message, arrays } = header as { message?: unknown; arrays?: unknown };
  if (!Array.isArray(arrays)) throw new WireError('binary frame header has no array list');
  let at = Math.ceil((8 + headerLength) / 4) * 4;
  for (const ref of arrays as unknown[]) {
    const { path, length } = (ref ?? {}) as { path?: unknown; length?: unknown };
    if (!isKeyPath(path) || typeof length !== 'number' || !Number.isSafeInteger(length) || length < 0) throw new WireError('bad array entry in a binary frame header');
    const end = at + length * 4;
    if (end > bytes.length) throw new WireError('binary frame shorter than its arrays');
    // A view when aligned (a browser's ArrayBuffer always is), else a copy.
    const array = (bytes.byteOffset + at) % 4 === 0
      ? new Float32Array(bytes.buffer, bytes.byteOffset + at, length)
      : new Float32Array(bytes.slice(at, end).buffer);
    place(message, path, array);
    at = end;
  }
  if (at !== bytes.length) throw new WireError('binary frame longer than its arrays');
  return message;
}
