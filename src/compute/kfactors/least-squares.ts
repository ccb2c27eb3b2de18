// Small dense linear algebra for the sensitivity fit: a pivoted solve, the conditioning of a feature block, spatial blocks.

/** Solves A β = r (m × m, row-major) by Gaussian elimination with partial pivoting; null when A is singular. */
export function solveLinear(A: Float64Array, r: Float64Array, m: number): Float64Array | null {
  const M = Float64Array.from(A), b = Float64Array.from(r);
  for (let c = 0; c < m; c++) {
    let piv = c;
    for (let i = c + 1; i < m; i++) if (Math.abs(M[i * m + c]!) > Math.abs(M[piv * m + c]!)) piv = i;
    if (!(Math.abs(M[piv * m + c]!) > 0)) return null;
    if (piv !== c) {
      for (let k = 0; k < m; k++) { const t = M[c * m + k]!; M[c * m + k] = M[piv * m + k]!; M[piv * m + k] = t; }
      const t = b[c]!; b[c] = b[piv]!; b[piv] = t;
    }
    for (let i = c + 1; i < m; i++) {
      const f = M[i * m + c]! / M[c * m + c]!;
      for (let k = c; k < m; k++) M[i * m + k]! -= f * M[c * m + k]!;
      b[i]! -= f * b[c]!;
    }
  }
  const x = new Float64Array(m);
  for (let i = m - 1; i >= 0; i--) {
    let s = b[i]!;
    for (let k = i + 1; k < m; k++) s -= M[i * m + k]! * x[k]!;
    x[i] = s / M[i * m + i]!;
  }
  return x.every(Number.isFinite) ? x : null;
}

/**
 * Condition number of the information on the first `k` columns once the others (the background) are profiled out:
 * the Schur complement of CᵀC scaled to unit diagonal (a correlation matrix, so units do not count), largest ÷ smallest
 * eigenvalue. 1 = orthogonal features; ∞ = collinear (not identifiable).
 */
export function featureConditioning(columns: readonly ArrayLike<number>[], k: number): number {
  const m = columns.length, n = columns[0]!.length;
  const G = new Float64Array(m * m);
  for (let i = 0; i < m; i++) { // each sum over the pixels in order, one column pair per loop
    const ci = columns[i]!;
    for (let j = 0; j <= i; j++) {
      const cj = columns[j]!;
      let g = 0;
      for (let p = 0; p < n; p++) g += ci[p]! * cj[p]!;
      G[i * m + j] = g;
    }
  }
  return conditioningOfGram(G, m, k);
}

/** featureConditioning from the Gram matrix CᵀC of the m columns (its lower triangle, row-major; the upper is filled here). */
export function conditioningOfGram(G: Float64Array, m: number, k: number): number {
  for (let i = 0; i < m; i++) for (let j = 0; j < i; j++) G[j * m + i] = G[i * m + j]!;
  const nb = m - k; // S = G_ff − G_fb G_bb⁻¹ G_bf
  const Gbb = new Float64Array(nb * nb);
  for (let i = 0; i < nb; i++) for (let j = 0; j < nb; j++) Gbb[i * nb + j] = G[(k + i) * m + k + j]!;
  const S = new Float64Array(k * k);
  for (let j = 0; j < k; j++) {
    const col = Float64Array.from({ length: nb }, (_, i) => G[(k + i) * m + j]!);
    const sol = nb > 0 ? solveLinear(Gbb, col, nb) : new Float64Array(0);
    for (let i = 0; i < k; i++) {
      let s = G[i * m + j]!;
      if (sol) for (let l = 0; l < nb; l++) s -= G[i * m + k + l]! * sol[l]!;
      S[i * k + j] = s;
    }
  }
  const d = Float64Array.from({ length: k }, (_, i) => Math.sqrt(Math.max(0, S[i * k + i]!)));
  if (d.some((v) => !(v > 0))) return Infinity;
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) S[i * k + j] = S[i * k + j]! / (d[i]! * d[j]!);
  const eig = symmetricEigenvalues(S, k);
  const lo = Math.min(...eig), hi = Math.max(...eig);
  return lo > 1e-12 * hi ? hi / lo : Infinity;
}

/** Eigenvalues of a small symmetric matrix by cyclic Jacobi rotations (Golub & Van Loan §8.5). */
export function symmetricEigenvalues(matrix: Float64Array, n: number): number[] {
  const a = Float64Array.from(matrix);
  for (let sweep = 0; sweep < 50; sweep++) {
    let off = 0;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) off += a[i * n + j]! ** 2;
    if (off < 1e-24) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q * n + q]! - a[p * n + p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1), s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p]!, akq = a[k * n + q]!;
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k]!, aqk = a[q * n + k]!;
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
      }
    }
  }
  return Array.from({ length: n }, (_, i) => a[i * n + i]!);
}

/** Labels 0…B²−1 of a B × B grid of spatial blocks, per pixel (for the jackknife). */
export function blockLabels(width: number, height: number, blocks: number): Uint16Array {
  const out = new Uint16Array(width * height);
  const column = Uint16Array.from({ length: width }, (_, x) => Math.min(blocks - 1, Math.floor((x * blocks) / width))); // once per column
  for (let y = 0; y < height; y++) {
    const by = Math.min(blocks - 1, Math.floor((y * blocks) / height)) * blocks;
    for (let x = 0, p = y * width; x < width; x++, p++) out[p] = by + column[x]!;
  }
  return out;
}

/** Labels of a grid of square tiles of `tile` pixels (the last row and column of tiles may be smaller), per pixel, tiles row-major. */
export function tileLabels(width: number, height: number, tile: number): { labels: Uint16Array; tilesX: number; tilesY: number } {
  const tilesX = Math.ceil(width / tile), tilesY = Math.ceil(height / tile);
  if (tilesX * tilesY > 65536) throw new RangeError(`${tilesX}×${tilesY} tiles do not fit 16-bit labels`);
  const labels = new Uint16Array(width * height);
  for (let y = 0; y < height; y++) {
    const row = Math.floor(y / tile) * tilesX;
    for (let x = 0, p = y * width; x < width; x++, p++) labels[p] = row + Math.floor(x / tile);
  }
  return { labels, tilesX, tilesY };
}
