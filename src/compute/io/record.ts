// Building ImageRecords: float32 copy of stored values, exact float64 sum, all-zero flag.

import type { ImageRecord, SignalKind } from './types.js';

/** Numeric arrays a reader may hand over (stored values, any element type). */
export type NumericArray =
  | Float32Array | Float64Array | Int8Array | Uint8Array | Int16Array | Uint16Array
  | Int32Array | Uint32Array | BigInt64Array | BigUint64Array | number[];

/** Float32 copy of `values` plus their float64 sum and whether all are zero. */
export function toFloat32(values: NumericArray): { data: Float32Array; sum: number; allZero: boolean } {
  const n = values.length;
  const data = new Float32Array(n);
  let sum = 0;
  let allZero = true;
  if (values instanceof BigInt64Array || values instanceof BigUint64Array) {
    for (let i = 0; i < n; i++) {
      const v = Number(values[i]!);
      data[i] = v;
      sum += v;
      if (v !== 0) allZero = false;
    }
  } else if (values instanceof Float32Array) { // the common case: one block copy, then a float32 read per value
    data.set(values);
    for (let i = 0; i < n; i++) {
      const v = data[i]!;
      sum += v;
      if (v !== 0) allZero = false;
    }
  } else {
    for (let i = 0; i < n; i++) {
      const v = values[i]!;
      data[i] = v;
      sum += v;
      if (v !== 0) allZero = false;
    }
  }
  return { data, sum, allZero };
}

export interface RecordInit {
  title: string;
  signal?: SignalKind;
  element?: string | null;
  shape: number[];
  dtype: string;
  values: NumericArray;
  pixelSize?: [number, number] | null;
  unit?: string | null;
  metadata?: Record<string, unknown>;
}

/** Assemble an ImageRecord from stored values. */
export function makeRecord(init: RecordInit): ImageRecord {
  const { data, sum, allZero } = toFloat32(init.values);
  return {
    title: init.title,
    signal: init.signal ?? 'other',
    element: init.element ?? null,
    shape: init.shape,
    dtype: init.dtype,
    data,
    sum,
    pixelSize: init.pixelSize ?? null,
    unit: init.unit ?? null,
    allZero,
    metadata: init.metadata ?? {},
  };
}

/** Product of a shape's dimensions. */
export function shapeSize(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}
