// Small least-squares problems with sign constraints: min ½ βᵀGβ − hᵀβ subject to β_j ≥ 0 for j in `nonNeg`
// (Lawson & Hanson, Solving Least Squares Problems, 1974, ch. 23, in its normal-equations form). Called once per
// pixel, so it works in a reusable workspace (no allocation per call).

interface Workspace { n: number; L: Float64Array; z: Float64Array; x: Float64Array; S: Int32Array; free: Uint8Array }
let ws: Workspace | null = null;

function workspace(n: number): Workspace {
  if (!ws || ws.n !== n) ws = { n, L: new Float64Array(n * n), z: new Float64Array(n), x: new Float64Array(n), S: new Int32Array(n), free: new Uint8Array(n) };
  return ws;
}

/** Solve G_SS x = h_S by Cholesky for the first m indices of S (G symmetric positive definite); false if singular. */
function solveSubset(G: Float64Array, h: Float64Array, n: number, S: Int32Array, m: number, w: Workspace): boolean {
  const { L, z, x } = w;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j <= i; j++) {
      let s = G[S[i]! * n + S[j]!]!;
      for (let k = 0; k < j; k++) s -= L[i * m + k]! * L[j * m + k]!;
      if (i === j) { if (!(s > 1e-300)) return false; L[i * m + i] = Math.sqrt(s); } else L[i * m + j] = s / L[j * m + j]!;
    }
  }
  for (let i = 0; i < m; i++) { let s = h[S[i]!]!; for (let k = 0; k < i; k++) s -= L[i * m + k]! * z[k]!; z[i] = s / L[i * m + i]!; }
  for (let i = m - 1; i >= 0; i--) { let s = z[i]!; for (let k = i + 1; k < m; k++) s -= L[k * m + i]! * x[k]!; x[i] = s / L[i * m + i]!; }
  return true;
}

/** Active-set solution; `out` receives β (length n). Unconstrained indices are always free. */
export function nnlsNormal(G: Float64Array, h: Float64Array, n: number, nonNeg: boolean[], out: Float64Array): void {
  const w = workspace(n);
  const { free, S, x } = w;
  free.fill(1);
  for (let iter = 0; iter < 3 * n + 3; iter++) {
    let m = 0;
    for (let j = 0; j < n; j++) if (free[j]) S[m++] = j;
    out.fill(0);
    if (m > 0 && !solveSubset(G, h, n, S, m, w)) return;
    for (let i = 0; i < m; i++) out[S[i]!] = x[i]!;
    // Drop the most negative constrained variable, then re-solve.
    let worst = -1, wv = 0;
    for (let i = 0; i < m; i++) { const j = S[i]!; if (nonNeg[j] && out[j]! < wv) { wv = out[j]!; worst = j; } }
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
      free[best] = 1;
    } else {
      free[worst] = 0;
    }
  }
}
