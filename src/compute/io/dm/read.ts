// DigitalMicrograph images: every ImageList entry except the thumbnail, with dimensions, calibrations, units and names.

import { InputError } from '../errors.js';
import { complexMagnitude, decodeArray, type ScalarType } from '../decode.js';
import { parseElementLabel } from '../labels/element-label.js';
import { classifySignal } from '../labels/signal-kind.js';
import { makeRecord, shapeSize, type NumericArray } from '../record.js';
import type { ImageRecord } from '../types.js';
import { dmGet, dmList, dmNumber, dmString, dmToPlain, parseDmTags, type DmValue } from './tags.js';

/** ImageData DataType codes (Gatan): stored type, complex flag, colour channels. */
const DATA_TYPES: Record<number, { type: ScalarType; complex?: boolean; channels?: number; name?: string }> = {
  1: { type: 'int16' }, 2: { type: 'float32' }, 3: { type: 'float32', complex: true }, 6: { type: 'uint8' },
  7: { type: 'int32' }, 8: { type: 'uint8', channels: 4 }, 9: { type: 'int8' }, 10: { type: 'uint16' },
  11: { type: 'uint32' }, 12: { type: 'float64' }, 13: { type: 'float64', complex: true }, 14: { type: 'bool' },
  23: { type: 'uint8', channels: 4 }, 39: { type: 'int64' }, 40: { type: 'uint64' },
};

function rawBytes(bytes: Uint8Array, data: DmValue | undefined, file: string): { le: boolean; bytes: Uint8Array } {
  if (data && typeof data === 'object' && !Array.isArray(data) && data.kind === 'array') {
    if (data.offset + data.byteLength > bytes.length) throw new InputError(file, 'image data runs past the end of the file (truncated?)');
    return { le: data.littleEndian, bytes: bytes.subarray(data.offset, data.offset + data.byteLength) };
  }
  throw new InputError(file, 'an image has no readable Data tag');
}

/** Reinterpret the raw array bytes as the image's DataType (DM stores e.g. int16 images as arrays of int16, complex as float pairs). */
function asDataType(raw: ReturnType<typeof rawBytes>, type: ScalarType, count: number, file: string): NumericArray {
  const v = decodeArray(raw.bytes, 0, count, type, raw.le);
  if (!v) throw new InputError(file, 'image data is shorter than its dimensions');
  return v;
}

export function parseDm(bytes: Uint8Array, file: string): ImageRecord[] {
  const { version, root } = parseDmTags(bytes, file);
  const thumbs = new Set(dmList(dmGet(root, 'Thumbnails')).map((t) => dmNumber(dmGet(t, 'ImageIndex'))).filter((i): i is number => i !== null));
  const images = dmList(dmGet(root, 'ImageList'));
  if (images.length === 0) throw new InputError(file, 'DigitalMicrograph file holds no images (no ImageList)');
  const out: ImageRecord[] = [];
  images.forEach((img, index) => {
    if (thumbs.has(index)) return;
    const imageData = dmGet(img, 'ImageData');
    const dims = dmList(dmGet(imageData, 'Dimensions')).map(dmNumber);
    if (dims.length === 0 || dims.some((d) => d === null || d <= 0 || !Number.isSafeInteger(d))) return;
    const dtCode = dmNumber(dmGet(imageData, 'DataType'));
    const dt = dtCode !== null ? DATA_TYPES[dtCode] : undefined;
    if (!dt) throw new InputError(file, `unsupported DigitalMicrograph data type ${dtCode}`);
    const shapeXY = dims as number[]; // DM order: x (width) first
    const shape = [...shapeXY].reverse();
    const n = shapeSize(shape);
    const raw = rawBytes(bytes, dmGet(imageData, 'Data'), file);
    let values: NumericArray;
    let dtype: string = dt.type;
    let recShape = shape;
    if (dt.complex) {
      values = complexMagnitude(asDataType(raw, dt.type, 2 * n, file));
      dtype = 'float32';
    } else if (dt.channels) {
      values = asDataType(raw, 'uint8', n * dt.channels, file);
      recShape = [...shape, dt.channels];
    } else {
      values = asDataType(raw, dt.type, n, file);
    }
    if (values.length < shapeSize(recShape)) throw new InputError(file, 'image data is shorter than its dimensions');
    const cal = dmList(dmGet(imageData, 'Calibrations', 'Dimension'));
    const scale = (i: number): number => dmNumber(dmGet(cal[i], 'Scale')) ?? 1;
    const unitOf = (i: number): string | null => { const u = dmString(dmGet(cal[i], 'Units')); return u === null || u === '' ? null : u; };
    const title = dmString(dmGet(img, 'Name')) ?? '';
    const tags = dmGet(img, 'ImageTags');
    const signal = classifySignal(title, dmString(dmGet(tags, 'DigiScan', 'Detector')) ?? null);
    const twoD = shapeXY.length >= 2;
    out.push(makeRecord({
      title, signal,
      element: signal === 'other' || signal === 'EDX' || signal === 'EELS' ? parseElementLabel(title) : null,
      shape: recShape, dtype, values,
      pixelSize: twoD ? [scale(1), scale(0)] : null,
      unit: twoD ? (unitOf(0) ?? unitOf(1)) : null,
      metadata: {
        format: `dm${version}`, imageIndex: index, dataType: dtCode, ...(dt.channels ? { colour: true } : {}),
        axes: shapeXY.map((size, i) => ({ size, scale: scale(i), origin: dmNumber(dmGet(cal[i], 'Origin')) ?? 0, units: unitOf(i) })),
        brightness: dmToPlain(dmGet(imageData, 'Calibrations', 'Brightness')),
        imageTags: dmToPlain(tags),
      },
    }));
  });
  if (out.length === 0) throw new InputError(file, 'DigitalMicrograph file holds no images besides its thumbnail');
  return out;
}
