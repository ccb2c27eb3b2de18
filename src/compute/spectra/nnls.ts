// Small least-squares problems with sign constraints: min ½ βᵀGβ − hᵀβ subject to β_j ≥ 0 for j in `nonNeg`
// (Lawson & Hanson, Solving Least Squares Problems, 1974, ch. 23, in its normal-equations form).

/** Solve G_SS β_S = h_S by Cholesky for the index set S (G symmetric positive definite); null if singular. */
export function solveSubset(G: Float64Array, h: Float64Array, n: number, S: number[]): Float64Array | null {
  const m = S.length;
  const L = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j <= i; j++) {
      let s = G[S[i]! * n + S[j]!]!;
      for (let k = 0; k < j; k++) s -= L[i * m + k]! * L[j * m + k]!;
      if (i === j) { if (!(s > 1e-300)) return null; L[i * m + i] = Math.sqrt(s); } else L[i * m + j] = s / L[j * m + j]!;
    }
  }
  const z = new Float64Array(m);
  for (let i = 0; i < m; i++) { let s = h[S[i]!]!; for (let k = 0; k < i; k++) s -= L[i * m + k]! * z[k]!; z[i] = s / L[i * m + i]!; }
  const x = new Float64Array(m);
  for (let i = m - 1; i >= 0; i--) { let s = z[i]!; for (let k = i + 1; k < m; k++) s -= L[k * m + i]! * x[k]!; x[i] = s / L[i * m + i]!; }
  return x;
}

/** Active-set solution; `out` receives β (length n). Unconstrained indices are always free. */
export function nnlsNormal(G: Float64Array, h: Float64Array, n: number, nonNeg: boolean[], out: Float64Array): void {
  const free = new Array<boolean>(n).fill(true);
  for (let iter = 0; iter < 3 * n + 3; iter++) {
    const S = [];
    for (let j = 0; j < n; j++) if (free[j]) S.push(j);
    const x = S.length > 0 ? solveSubset(G, h, n, S) : new Float64Array(0);
    out.fill(0);
    if (!x) return;
    S.forEach((j, i) => { out[j] = x[i]!; });
    // Drop the most negative constrained variable, then re-solve.
    let worst = -1, wv = 0;
    for (const j of S) if (nonNeg[j] && out[j]! < wv) { wv = out[j]!; worst = j; }
    if (worst < 0) {
      // KKT: a fixed-at-zero variable whose gradient h − Gβ is positive wants to enter.
      let best = -1, bg = 1e-12;
      for (let j = 0; j < n; j++) {
        if (free[j]) continue;
        let g = h[j]!;
        for (let k = 0; k < n; k++) g -= G[j * n + k]! * out[k]!;
        if (g > bg) { bg = g; best = j; }
      }
      if (best < 0) return;
      free[best] = true;
    } else {
      free[worst] = false;
    }
  }
}
