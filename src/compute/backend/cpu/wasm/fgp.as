// AssemblyScript source of the WebAssembly SIMD (f32x4) FGP kernels fgpTile (the product's) and fgpTilePlanes (round
// 4's schedule, kept as the reference the tests and `npm run bench` compare with); `npm run build:wasm` compiles them
// (with gradient.as, entry kernels.as) into kernels-wasm.generated.ts. Same mathematics as ../fgp-rows.ts (Beck & Teboulle 2009, Algorithm FGP, eq. 4.11),
// computed in float32 arithmetic. Pointers are byte offsets into the shared memory; a row is `width` floats.
// Invariant: the dual arrays are 0 on the last row (p, r) and last column (q, s).

/** One row of z = P_C(b − λ L(r, s)), L(r,s)[x] = r[x] + s[x] − rUp[x] − s[x−1]; `up` is the row above (or zeros). */
function primalRow(b: usize, r: usize, s: usize, up: usize, width: i32, lambda: f32, out: usize): void {
  const lam = f32x4.splat(lambda);
  const zero = f32x4.splat(0);
  let d0: f32 = load<f32>(r) + load<f32>(s) - load<f32>(up);
  let v0: f32 = load<f32>(b) - lambda * d0;
  store<f32>(out, v0 > 0 ? v0 : 0);
  let x = 1;
  for (; x + 4 <= width; x += 4) {
    const o = <usize>x << 2;
    const d = f32x4.sub(f32x4.sub(f32x4.add(v128.load(r + o), v128.load(s + o)), v128.load(up + o)), v128.load(s + o - 4));
    const v = f32x4.sub(v128.load(b + o), f32x4.mul(lam, d));
    v128.store(out + o, f32x4.pmax(zero, v));
  }
  for (; x < width; x++) {
    const o = <usize>x << 2;
    const d: f32 = load<f32>(r + o) + load<f32>(s + o) - load<f32>(up + o) - load<f32>(s + o - 4);
    const v: f32 = load<f32>(b + o) - lambda * d;
    store<f32>(out + o, v > 0 ? v : 0);
  }
}

/** Dual update of one pixel (c8 = 1/(8λ)): (p,q) ← P_P[(r,s) + (dp,dq)/(8λ)], (r,s)_out = (p,q) + m((p,q) − (p,q)_old). */
@inline
function dualPixel(o: usize, dp: f32, dq: f32, rIn: usize, sIn: usize, pIn: usize, qIn: usize, p: usize, q: usize, rOut: usize, sOut: usize, c8: f32, m: f32): void {
  let pn: f32 = load<f32>(rIn + o) + dp * c8;
  let qn: f32 = load<f32>(sIn + o) + dq * c8;
  const norm = Mathf.sqrt(pn * pn + qn * qn);
  const inv: f32 = 1 / (norm > 1 ? norm : 1);
  pn = pn * inv;
  qn = qn * inv;
  const po = load<f32>(pIn + o);
  const qo = load<f32>(qIn + o);
  store<f32>(p + o, pn);
  store<f32>(q + o, qn);
  store<f32>(rOut + o, pn + m * (pn - po));
  store<f32>(sOut + o, qn + m * (qn - qo));
}

/** (p,q) ← P_P[(r,s) + Lᵀz/(8λ)], (r,s)_out = (p,q) + m((p,q) − (p,q)_old) on one row (c8 = 1/(8λ)); z rows zc
 * (this row) and zn (the next; = zc on the last row, giving Δy = 0); (p,q)_old read at pIn, qIn (a row of zeros in
 * the first iteration), the new (p,q) written at p, q. */
function dualRow(zc: usize, zn: usize, rIn: usize, sIn: usize, pIn: usize, qIn: usize, p: usize, q: usize, rOut: usize, sOut: usize, width: i32, c8: f32, m: f32): void {
  const c = f32x4.splat(c8);
  const mm = f32x4.splat(m);
  const one = f32x4.splat(1);
  let x = 0;
  for (; x + 4 <= width - 1; x += 4) {
    const o = <usize>x << 2;
    const zx = v128.load(zc + o);
    const dp = f32x4.sub(zx, v128.load(zn + o));
    const dq = f32x4.sub(zx, v128.load(zc + o + 4));
    let pn = f32x4.add(v128.load(rIn + o), f32x4.mul(dp, c));
    let qn = f32x4.add(v128.load(sIn + o), f32x4.mul(dq, c));
    const norm = f32x4.sqrt(f32x4.add(f32x4.mul(pn, pn), f32x4.mul(qn, qn)));
    const inv = f32x4.div(one, f32x4.pmax(one, norm));
    pn = f32x4.mul(pn, inv);
    qn = f32x4.mul(qn, inv);
    const po = v128.load(pIn + o);
    const qo = v128.load(qIn + o);
    v128.store(p + o, pn);
    v128.store(q + o, qn);
    v128.store(rOut + o, f32x4.add(pn, f32x4.mul(mm, f32x4.sub(pn, po))));
    v128.store(sOut + o, f32x4.add(qn, f32x4.mul(mm, f32x4.sub(qn, qo))));
  }
  for (; x < width - 1; x++) {
    const o = <usize>x << 2;
    const zx = load<f32>(zc + o);
    dualPixel(o, zx - load<f32>(zn + o), zx - load<f32>(zc + o + 4), rIn, sIn, pIn, qIn, p, q, rOut, sOut, c8, m);
  }
  const o = <usize>(width - 1) << 2; // last column: Δx = 0
  dualPixel(o, load<f32>(zc + o) - load<f32>(zn + o), 0, rIn, sIn, pIn, qIn, p, q, rOut, sOut, c8, m);
}

/** Bytes between rows of fgpTile's dual ring (and of the z scratch rows): a row of floats, 16-byte aligned. */
@inline
function ringRowBytes(width: i32): usize {
  return ((<usize>width << 2) + 15) & ~(<usize>15);
}

/**
 * The whole FGP on one tile of `rows` rows, treated as an image of its own (rows past its edges do not exist), all
 * `iterations` in one sweep down the tile: iteration k works on row t − 2k at step t (a wavefront), so each row
 * is touched by every iteration while it is in cache. The dual p, q, r, s of a row lives only while the wavefront
 * passes over it (from iteration 0's step to the result of the row below, 2·iterations steps), so it is kept in a
 * ring of 2·iterations rows, updated in place (iteration k at row y reads r, s on rows y and y + 1 of iteration
 * k − 1, whose sweep is two rows ahead): a few hundred KiB that stay in cache, never zero-filled (iteration 0 reads
 * `zeros` instead of the dual, as FGP started from 0). The same arithmetic row for row as the double-buffered,
 * one-iteration-per-sweep FGP (../fgp-rows.ts) and as fgpTilePlanes. Then out = P_C(b − λL(p,q)) on rows
 * [outFrom, outTo) (out may be b: row y is written after the last read of b there).
 * dual: 4 · 2·iterations rows of ringRowBytes(width) (layout.ts ringBytes); z: 2·iterations scratch rows of
 * ringRowBytes(width); momenta: `iterations` float32 m_k; zeros: a row of zeros.
 */
export function fgpTile(b: usize, dual: usize, width: i32, rows: i32, iterations: i32, lambda: f32, momenta: usize, z: usize, zeros: usize, out: usize, outFrom: i32, outTo: i32): void {
  if (rows <= 0 || iterations <= 0) return;
  const rowBytes = <usize>width << 2;
  const ringRow = ringRowBytes(width);
  const ringRows = 2 * iterations;
  const ring = <usize>ringRows * ringRow;
  const p = dual, q = dual + ring, r = dual + 2 * ring, s = dual + 3 * ring;
  const c8: f32 = 1 / (8 * lambda);
  const steps = rows + 2 * (iterations - 1);
  for (let t = 0; t < steps; t++) {
    for (let k = 0; k < iterations; k++) {
      const y = t - 2 * k;
      if (y < 0) break;
      if (y >= rows) continue;
      const row = <usize>y * rowBytes;
      const here = <usize>(y % ringRows) * ringRow;
      const zk = z + <usize>(2 * k) * ringRow;
      const zc = zk + <usize>(y & 1) * ringRow;
      const zn = zk + <usize>((y + 1) & 1) * ringRow;
      const first = k === 0; // (r, s) and (p, q)_old are 0: read from `zeros`
      const rHere = first ? zeros : r + here;
      const sHere = first ? zeros : s + here;
      if (y === 0) primalRow(b, rHere, sHere, zeros, width, lambda, zc);
      const last = y === rows - 1;
      if (!last) {
        const next = <usize>((y + 1) % ringRows) * ringRow;
        primalRow(b + row + rowBytes, first ? zeros : r + next, first ? zeros : s + next, rHere, width, lambda, zn);
      }
      dualRow(zc, last ? zc : zn, rHere, sHere, first ? zeros : p + here, first ? zeros : q + here, p + here, q + here, r + here, s + here, width, c8, load<f32>(momenta + (<usize>k << 2)));
      if (k === iterations - 1 && y >= outFrom && y < outTo) {
        const up = y > 0 ? p + <usize>((y + ringRows - 1) % ringRows) * ringRow : zeros;
        primalRow(b + row, p + here, q + here, up, width, lambda, out + row);
      }
    }
  }
}

/**
 * Round 4's schedule of fgpTile (the reference it is tested and benchmarked against): the same wavefront, with the
 * dual as four whole planes of rows·width floats (p, q, r, s contiguous, zero-filled here) instead of a ring, and z
 * scratch rows `width` floats apart. Same arguments otherwise.
 */
export function fgpTilePlanes(b: usize, dual: usize, width: i32, rows: i32, iterations: i32, lambda: f32, momenta: usize, z: usize, zeros: usize, out: usize, outFrom: i32, outTo: i32): void {
  if (rows <= 0 || iterations <= 0) return;
  const rowBytes = <usize>width << 2;
  const plane = <usize>rows * rowBytes;
  const p = dual, q = dual + plane, r = dual + 2 * plane, s = dual + 3 * plane;
  memory.fill(dual, 0, 4 * plane);
  const c8: f32 = 1 / (8 * lambda);
  const steps = rows + 2 * (iterations - 1);
  for (let t = 0; t < steps; t++) {
    for (let k = 0; k < iterations; k++) {
      const y = t - 2 * k;
      if (y < 0) break;
      if (y >= rows) continue;
      const row = <usize>y * rowBytes;
      const zk = z + <usize>(2 * k) * rowBytes;
      const zc = zk + <usize>(y & 1) * rowBytes;
      const zn = zk + <usize>((y + 1) & 1) * rowBytes;
      if (y === 0) primalRow(b, r, s, zeros, width, lambda, zc);
      const last = y === rows - 1;
      if (!last) {
        const next = row + rowBytes;
        primalRow(b + next, r + next, s + next, r + row, width, lambda, zn);
      }
      dualRow(zc, last ? zc : zn, r + row, s + row, p + row, q + row, p + row, q + row, r + row, s + row, width, c8, load<f32>(momenta + (<usize>k << 2)));
      if (k === iterations - 1 && y >= outFrom && y < outTo) {
        primalRow(b + row, p + row, q + row, y > 0 ? p + row - rowBytes : zeros, width, lambda, out + row);
      }
    }
  }
}
