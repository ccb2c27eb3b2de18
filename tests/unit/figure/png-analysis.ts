// Image analysis of figure PNGs for the figure tests (unit and e2e): the image panels as blocks of the images' aspect
// ratio on white paper, text ink, the white scale bar and label inside a dark image, pixels that differ.
import type { DecodedPng } from './decode.js';

export type Png = Pick<DecodedPng, 'width' | 'height' | 'rgba'>;
export type Box = { x0: number; y0: number; x1: number; y1: number };

export const at = (p: Png, x: number, y: number) => p.rgba.subarray(4 * (y * p.width + x), 4 * (y * p.width + x) + 3);
export const paper = (p: Png, x: number, y: number) => { const [r, g, b] = at(p, x, y); return r! > 245 && g! > 245 && b! > 245; };

/** Connected blocks of non-white pixels whose bounding box has the images' aspect ratio and is wider than minWidth: the image panels. */
export function imagePanels(p: Png, minWidth: number, aspect: number): Box[] {
  const seen = new Uint8Array(p.width * p.height);
  const boxes: Box[] = [];
  const stack: number[] = [];
  for (let start = 0; start < p.width * p.height; start++) {
    if (seen[start] || paper(p, start % p.width, Math.floor(start / p.width))) continue;
    const box = { x0: Infinity, y0: Infinity, x1: -Infinity, y1: -Infinity };
    seen[start] = 1;
    stack.push(start);
    while (stack.length) {
      const k = stack.pop()!;
      const x = k % p.width, y = Math.floor(k / p.width);
      box.x0 = Math.min(box.x0, x); box.x1 = Math.max(box.x1, x); box.y0 = Math.min(box.y0, y); box.y1 = Math.max(box.y1, y);
      for (const [dx, dy] of [[1, 0], [-1, 0], [0, 1], [0, -1]] as const) {
        const nx = x + dx, ny = y + dy;
        if (nx < 0 || ny < 0 || nx >= p.width || ny >= p.height) continue;
        const nk = ny * p.width + nx;
        if (seen[nk] || paper(p, nx, ny)) continue;
        seen[nk] = 1;
        stack.push(nk);
      }
    }
    const bw = box.x1 - box.x0 + 1, bh = box.y1 - box.y0 + 1;
    if (bw >= minWidth && Math.abs(bw / bh - aspect) < 0.04) boxes.push(box);
  }
  return boxes.sort((a, b) => a.y0 - b.y0 || a.x0 - b.x0);
}

/** Dark pixels (text ink) in [x0, x1] × [y0, y1]. */
export function ink(p: Png, x0: number, y0: number, x1: number, y1: number): number {
  let n = 0;
  for (let y = Math.max(0, y0); y <= Math.min(p.height - 1, y1); y++) {
    for (let x = Math.max(0, x0); x <= Math.min(p.width - 1, x1); x++) {
      const [r, g, b] = at(p, x, y);
      if (r! < 90 && g! < 90 && b! < 90) n++;
    }
  }
  return n;
}

/** Bounding box of the white pixels in the lower 40 % of `box` (the scale bar and its label on a dark map), or null. */
export function whiteIn(p: Png, box: Box): (Box & { h: number }) | null {
  const r = { x0: Infinity, y0: Infinity, x1: -Infinity, y1: -Infinity };
  for (let y = Math.floor(box.y0 + 0.6 * (box.y1 - box.y0)); y <= box.y1; y++) {
    for (let x = box.x0; x <= box.x1; x++) {
      const [a, b, c] = at(p, x, y);
      if (a! > 230 && b! > 230 && c! > 230) { r.x0 = Math.min(r.x0, x); r.x1 = Math.max(r.x1, x); r.y0 = Math.min(r.y0, y); r.y1 = Math.max(r.y1, y); }
    }
  }
  return r.x0 === Infinity ? null : { ...r, h: r.y1 - r.y0 + 1 };
}

/** Pixels of `box` that differ between two figures of the same size. */
export function changed(a: Png, b: Png, box: Box): number {
  let n = 0;
  for (let y = box.y0; y <= box.y1; y++) for (let x = box.x0; x <= box.x1; x++) if (at(a, x, y).some((v, c) => v !== at(b, x, y)[c])) n++;
  return n;
}
