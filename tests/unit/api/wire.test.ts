// The WebSocket message codec: JSON text without arrays, one binary frame with them.

import { describe, expect, it } from 'vitest';
import { decodeMessage, encodeMessage, WireError } from '../../../src/shared/api/wire.js';

describe('wire codec', () => {
  it('sends a message without arrays as JSON text', () => {
    const m = { id: 3, ok: true, result: { version: '1' } };
    const frame = encodeMessage(m);
    expect(typeof frame).toBe('string');
    expect(decodeMessage(frame)).toEqual(m);
  });

  it('round-trips Float32Arrays anywhere in the message as one binary frame', () => {
    const a = Float32Array.from([1.5, -2, Number.NaN, Infinity]);
    const b = new Float32Array(0);
    const big = new Float32Array(1000).map((_, k) => k / 7);
    const m = { id: 'x', ok: true, result: { haadf: { width: 2, height: 2, data: a }, maps: [{ element: 'Co', image: { data: big } }, b], n: null } };
    const frame = encodeMessage(m);
    expect(frame).toBeInstanceOf(Uint8Array);
    const back = decodeMessage(frame as Uint8Array) as { id: string; result: { haadf: { data: Float32Array }; maps: [{ image: { data: Float32Array } }, Float32Array]; n: null } };
    expect(back.result.haadf.data).toBeInstanceOf(Float32Array);
    expect(Array.from(back.result.haadf.data)).toEqual([1.5, -2, Number.NaN, Infinity]);
    expect(back.result.maps[0]!.image.data).toEqual(big);
    expect(back.result.maps[1]).toEqual(b);
    expect(back.result.n).toBeNull();
    expect(back.id).toBe('x');
  });

  it('encodes a subarray view (non-zero byteOffset) by its own values only', () => {
    const base = Float32Array.from([9, 1, 2, 3, 9]);
    const frame = encodeMessage({ v: base.subarray(1, 4) }) as Uint8Array;
    expect(Array.from((decodeMessage(frame) as { v: Float32Array }).v)).toEqual([1, 2, 3]);
  });

  it('decodes from an unaligned buffer (Node hands out Buffers at any offset)', () => {
    const frame = encodeMessage({ v: Float32Array.from([1, 2, 3]) }) as Uint8Array;
    const shifted = new Uint8Array(frame.length + 1);
    shifted.set(frame, 1);
    expect(Array.from((decodeMessage(shifted.subarray(1)) as { v: Float32Array }).v)).toEqual([1, 2, 3]);
  });

  it('rejects malformed binary frames with WireError, never by crashing', () => {
    const good = encodeMessage({ a: { v: Float32Array.from([1, 2]) } }) as Uint8Array;
    const header = (obj: unknown, extra = 0): Uint8Array => {
      const h = new TextEncoder().encode(JSON.stringify(obj));
      const start = Math.ceil((8 + h.length) / 4) * 4;
      const out = new Uint8Array(start + extra);
      out.set([0x46, 0x53, 0x4d, 0x31]);
      new DataView(out.buffer).setUint32(4, h.length, true);
      out.set(h, 8);
      return out;
    };
    const bad: Uint8Array[] = [
      new Uint8Array(0), new Uint8Array([1, 2, 3]), good.slice(0, good.length - 4), Uint8Array.from([...good, 0, 0, 0, 0]),
      Uint8Array.from([0x46, 0x53, 0x4d, 0x31, 255, 255, 255, 255]),
      header({ message: { a: null }, arrays: [{ path: ['__proto__'], length: 0 }] }),
      header({ message: { a: null }, arrays: [{ path: ['b'], length: 0 }] }),
      header({ message: { a: 1 }, arrays: [{ path: ['a'], length: 0 }] }),
      header({ message: { a: null }, arrays: [{ path: ['a'], length: -1 }] }),
      header({ message: { a: null }, arrays: [{ path: [], length: 0 }] }),
      header({ message: { a: null }, arrays: 'x' }),
      header({ message: { a: null }, arrays: [{ path: ['a'], length: 1e15 }] }),
    ];
    for (const frame of bad) expect(() => decodeMessage(frame)).toThrow(WireError);
    expect(() => decodeMessage('{not json')).toThrow(SyntaxError);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});
