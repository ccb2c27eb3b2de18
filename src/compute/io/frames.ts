// Frame stacks: sum [frames, rows, cols] to one image, or select one frame.

import type { ImageRecord } from './types.js';

/** Whether a record is an image fusem can fuse: [rows, cols] or [frames, rows, cols], not colour. */
export function isImage(r: ImageRecord): boolean {
  return (r.shape.length === 2 || (r.shape.length === 3 && r.metadata['colour'] !== true)) && r.shape.every((d) => d > 0);
}

/** Rows and columns of an image record. */
export function gridOf(r: ImageRecord): [number, number] {
  const n = r.shape.length;
  return [r.shape[n - 2]!, r.shape[n - 1]!];
}

/** The image as one 2-D frame: `frame` = 'sum' adds all frames (float64 accumulation), a number selects one. */
export function toFrame(r: ImageRecord, frame: 'sum' | number = 'sum'): Float32Array {
  if (r.shape.length === 2) return r.data;
  const [rows, cols] = gridOf(r);
  const per = rows * cols;
  const frames = r.shape[0]!;
  if (frame !== 'sum') {
    if (!Number.isInteger(frame) || frame < 0 || frame >= frames) throw new RangeError(`frame ${frame} out of range 0..${frames - 1}`);
    return r.data.slice(frame * per, (frame + 1) * per);
  }
  const acc = new Float64Array(per);
  for (let f = 0; f < frames; f++) for (let i = 0; i < per; i++) acc[i]! += r.data[f * per + i]!;
  return Float32Array.from(acc);
}
