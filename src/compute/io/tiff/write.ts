// Float32 TIFF writer (TIFF 6.0, little-endian, one strip) with ImageJ description + X/YResolution and DM calibration tags.

import { writeFileAtomic } from '../atomic.js';
import { imageJUnit } from './calibration.js';
import { TAG } from './spec.js';
import { putFloat32LE } from '../float32-bytes.js';

export interface TiffWriteOptions {
  /** Pixel size [y, x] in `unit`. */
  pixelSize?: [number, number] | null;
  unit?: string | null;
  /** Free text kept with the image (stored as the ImageJ property 'fusem'). */
  description?: string;
}

interface Entry { tag: number; type: number; count: number; data: Uint8Array }

const enc = new TextEncoder();

function ascii(tag: number, s: string): Entry {
  const b = enc.encode(`${s}\0`);
  return { tag, type: 2, count: b.length, data: b };
}
function u32(tag: number, v: number): Entry {
  const d = new Uint8Array(4); new DataView(d.buffer).setUint32(0, v, true);
  return { tag, type: 4, count: 1, data: d };
}
function u16(tag: number, v: number): Entry {
  const d = new Uint8Array(2); new DataView(d.buffer).setUint16(0, v, true);
  return { tag, type: 3, count: 1, data: d };
}
function f64(tag: number, v: number): Entry {
  const d = new Uint8Array(8); new DataView(d.buffer).setFloat64(0, v, true);
  return { tag, type: 12, count: 1, data: d };
}
/** RATIONAL num/den closest to `r` with both parts fitting in uint32. */
export function toRational(r: number): [number, number] {
  const MAX = 0xffffffff;
  if (!(r > 0) || !Number.isFinite(r)) return [1, 1];
  const den = r >= 1 ? Math.max(1, Math.floor(MAX / Math.ceil(r))) : MAX;
  const numr = Math.min(MAX, Math.max(1, Math.round(r * den)));
  return [numr, den];
}
function rational(tag: number, r: number): Entry {
  const [n, dn] = toRational(r);
  const d = new Uint8Array(8); const dv = new DataView(d.buffer);
  dv.setUint32(0, n, true); dv.setUint32(4, dn, true);
  return { tag, type: 5, count: 1, data: d };
}

/** ImageJ's description block: ImageJ=, unit=, min=, max=, and fusem's own text as one escaped line. */
function imageJDescription(data: Float32Array, unit: string | null, description: string | undefined): string {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < data.length; i++) { const v = data[i]!; if (v < min) min = v; if (v > max) max = v; }
  const lines = ['ImageJ=1.11a'];
  if (unit) lines.push(`unit=${imageJUnit(unit)}`);
  if (Number.isFinite(min) && Number.isFinite(max)) lines.push(`min=${min}`, `max=${max}`);
  if (description !== undefined) lines.push(`fusem=${JSON.stringify(description)}`);
  return `${lines.join('\n')}\n`;
}

/** Encode a single-page float32 TIFF. */
export function encodeTiffFloat32(data: Float32Array, width: number, height: number, opts: TiffWriteOptions = {}): Uint8Array {
  if (!(Number.isSafeInteger(width) && Number.isSafeInteger(height) && width > 0 && height > 0) || width * height !== data.length) {
    throw new Error(`encodeTiffFloat32: ${width}×${height} does not match ${data.length} values`);
  }
  const pixelSize = opts.pixelSize ?? null;
  const unit = pixelSize ? (opts.unit ?? null) : null;
  const entries: Entry[] = [
    u32(TAG.ImageWidth, width), u32(TAG.ImageLength, height), u16(TAG.BitsPerSample, 32), u16(TAG.Compression, 1),
    u16(TAG.Photometric, 1), ascii(TAG.ImageDescription, imageJDescription(data, unit, opts.description)),
    u32(TAG.StripOffsets, 0), u16(TAG.SamplesPerPixel, 1), u32(TAG.RowsPerStrip, height),
    u32(TAG.StripByteCounts, data.length * 4), ascii(TAG.Software, 'fusem'), u16(TAG.SampleFormat, 3),
  ];
  if (pixelSize) {
    entries.push(rational(TAG.XResolution, 1 / pixelSize[1]), rational(TAG.YResolution, 1 / pixelSize[0]), u16(TAG.ResolutionUnit, 1));
    entries.push(ascii(TAG.DMUnitX, unit ?? ''), ascii(TAG.DMUnitY, unit ?? ''), f64(TAG.DMOriginX, 0), f64(TAG.DMOriginY, 0),
      f64(TAG.DMScaleX, pixelSize[1]), f64(TAG.DMScaleY, pixelSize[0]));
  }
  entries.sort((a, b) => a.tag - b.tag);
  // Layout: header (8) | IFD | out-of-line values | pixel data (aligned to 8).
  const ifdSize = 2 + entries.length * 12 + 4;
  let extra = 8 + ifdSize;
  const outOfLine = new Map<Entry, number>();
  for (const e of entries) {
    if (e.data.length > 4) { outOfLine.set(e, extra); extra += e.data.length + (e.data.length & 1); }
  }
  const dataStart = (extra + 7) & ~7;
  entries.find((e) => e.tag === TAG.StripOffsets)!.data = u32(0, dataStart).data;
  const out = new Uint8Array(dataStart + data.length * 4);
  const dv = new DataView(out.buffer);
  out.set([0x49, 0x49, 42, 0]);
  dv.setUint32(4, 8, true);
  dv.setUint16(8, entries.length, true);
  entries.forEach((e, i) => {
    const p = 10 + i * 12;
    dv.setUint16(p, e.tag, true);
    dv.setUint16(p + 2, e.type, true);
    dv.setUint32(p + 4, e.count, true);
    const at = outOfLine.get(e);
    if (at === undefined) out.set(e.data, p + 8);
    else { dv.setUint32(p + 8, at, true); out.set(e.data, at); }
  });
  dv.setUint32(10 + entries.length * 12, 0, true);
  putFloat32LE(out, dataStart, data);
  return out;
}

/** Write a float32 TIFF that ImageJ/Fiji and DigitalMicrograph open with the right pixel size; atomic. */
export async function writeTiffFloat32(
  file: string, data: Float32Array, width: number, height: number, opts: TiffWriteOptions = {},
): Promise<void> {
  await writeFileAtomic(file, encodeTiffFloat32(data, width, height, opts));
}
