// Fused FGP kernels on a band of rows of one image (Beck & Teboulle 2009, IEEE TIP 18(11), Algorithm FGP, eq. 4.11),
// the same mathematics and float32 rounding as tv/fgp.ts and tv/difference.ts. Invariant they rely on: the dual
// arrays are 0 on the last row (p, r) and last column (q, s), as FGP started from 0 keeps them.
// Image element starts at offset `o`; rows are `width` long; the band is rows [y0, y1) of `height`.

/** One row of z = P_C(b − λ L(r, s)), L(r,s)[y,x] = r[y,x] + s[y,x] − r[y−1,x] − s[y,x−1], into out[zo .. zo+W). */
export function primalRow(b: Float32Array, r: Float32Array, s: Float32Array, o: number, width: number, y: number, lambda: number, out: Float32Array, zo: number): void {
  const row = o + y * width;
  let sLeft = 0;
  if (y > 0) {
    const up = row - width;
    for (let x = 0; x < width; x++) {
      const sHere = s[row + x]!;
      const d = Math.fround(r[row + x]! + sHere - r[up + x]! - sLeft);
      const v = b[row + x]! - lambda * d;
      out[zo + x] = v > 0 ? v : 0;
      sLeft = sHere;
    }
  } else {
    for (let x = 0; x < width; x++) {
      const sHere = s[row + x]!;
      const d = Math.fround(r[row + x]! + sHere - sLeft);
      const v = b[row + x]! - lambda * d;
      out[zo + x] = v > 0 ? v : 0;
      sLeft = sHere;
    }
  }
}

/** z = P_C(b) for one row: the primal point of the first FGP iteration, where (r, s) = 0. */
function clippedRow(b: Float32Array, o: number, width: number, y: number, out: Float32Array): void {
  const row = o + y * width;
  for (let x = 0; x < width; x++) {
    const v = b[row + x]!;
    out[x] = v > 0 ? v : 0;
  }
}

/** The arrays of one FGP iteration: read (r, s), update (p, q) in place, write the next momentum point. */
export interface FgpArrays {
  readonly b: Float32Array;
  readonly rIn: Float32Array;
  readonly sIn: Float32Array;
  readonly p: Float32Array;
  readonly q: Float32Array;
  readonly rOut: Float32Array;
  readonly sOut: Float32Array;
}

/**
 * One FGP iteration on rows [y0, y1), computing z one row ahead:
 *   z = P_C(b − λL(r,s));  (p,q) ← P_P[(r,s) + Lᵀz/(8λ)];  (r,s)_out = (p,q) + m·((p,q) − (p,q)_old).
 * `first`: the first iteration, where (r, s) and (p, q)_old are 0 and are not read. zA, zB: two rows of scratch.
 */
export function fgpIterationRows(a: FgpArrays, o: number, width: number, height: number, y0: number, y1: number, lambda: number, momentum: number, first: boolean, zA: Float32Array, zB: Float32Array): void {
  if (y0 >= y1) return;
  const { b, rIn, sIn, p, q, rOut, sOut } = a;
  const c8 = 8 * lambda;
  let zc = zA;
  let zn = zB;
  if (first) clippedRow(b, o, width, y0, zc);
  else primalRow(b, rIn, sIn, o, width, y0, lambda, zc, 0);
  const wm1 = width - 1;
  for (let y = y0; y < y1; y++) {
    const row = o + y * width;
    const lastRow = y === height - 1;
    if (!lastRow) {
      if (first) clippedRow(b, o, width, y + 1, zn);
      else primalRow(b, rIn, sIn, o, width, y + 1, lambda, zn, 0);
    }
    for (let x = 0; x < width; x++) {
      const k = row + x;
      const zx = zc[x]!;
      const dp = lastRow ? 0 : Math.fround(zx - zn[x]!); // Lᵀz: vertical difference, 0 on the last row
      const dq = x < wm1 ? Math.fround(zx - zc[x + 1]!) : 0; // horizontal difference, 0 on the last column
      let pn = Math.fround((first ? 0 : rIn[k]!) + dp / c8);
      let qn = Math.fround((first ? 0 : sIn[k]!) + dq / c8);
      const norm = Math.sqrt(pn * pn + qn * qn); // P_P: onto the unit disc
      if (norm > 1) {
        pn = Math.fround(pn / norm);
        qn = Math.fround(qn / norm);
      }
      const pOld = first ? 0 : p[k]!;
      const qOld = first ? 0 : q[k]!;
      p[k] = pn;
      q[k] = qn;
      rOut[k] = pn + momentum * (pn - pOld);
      sOut[k] = qn + momentum * (qn - qOld);
    }
    const t = zc;
    zc = zn;
    zn = t;
  }
}

/** The FGP result on rows [y0, y1): x = P_C(b − λ L(p, q)), written to `out` (may be `b` itself). */
export function fgpResultRows(b: Float32Array, p: Float32Array, q: Float32Array, o: number, width: number, y0: number, y1: number, lambda: number, out: Float32Array): void {
  for (let y = y0; y < y1; y++) primalRow(b, p, q, o, width, y, lambda, out, o + y * width);
}
