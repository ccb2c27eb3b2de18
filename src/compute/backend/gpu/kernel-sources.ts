// gpu.js kernel sources for one outer iteration (DESIGN.md §1), as text: gpu.js parses a kernel from its
// source, and text is identical whether this file runs compiled, under tsx or under vitest. Every kernel has
// a 2D output [W, H·NE]: the element images stacked vertically, thread (c, Y) = column c of stacked row Y,
// element i = ⌊Y/H⌋ (the +½ keeps float division off integer boundaries on GL), row y = Y − iH.
// Constants: W, H, NE elements, gamma, step, lambdaChem, eps, poisson (1/0), lam = λ_TV, c8 = 8λ_TV.

/** x_i ← max(0, x_i − τ·∇_iΨ1 − λ_chem·∇_iΨ2), ∇_iΨ1 = −γ a_i x_i^(γ−1)(h − Σ_j a_j x_j^γ), ∇_iΨ2 = w_i·(1 − b_i/(x_i+ε) or x_i − b_i) */
export const GRADIENT_STEP = `function (x, maps, haadf, weights, mapWeights) {
  const c = this.thread.x;
  const Y = this.thread.y;
  const H = this.constants.H;
  const i = Math.floor((Y + 0.5) / H);
  const y = Y - i * H;
  let m = 0;
  for (let j = 0; j < this.constants.NE; j++) {
    const xj = x[j * H + y][c];
    if (xj > 0) {
      m += weights[j] * Math.pow(xj, this.constants.gamma);
    }
  }
  const r = haadf[y][c] - m;
  const xv = x[Y][c];
  let pg = 0;
  if (xv > 0) {
    pg = Math.pow(xv, this.constants.gamma - 1);
  }
  const g1 = -this.constants.gamma * weights[i] * pg * r;
  const b = maps[Y][c];
  let g2 = xv - b;
  if (this.constants.poisson > 0) {
    g2 = 1 - b / (xv + this.constants.eps);
  }
  g2 = g2 * mapWeights[Y][c];
  const v = xv - this.constants.step * g1 - this.constants.lambdaChem * g2;
  return Math.max(v, 0);
}`;

/** z = P_C(b − λ L(r, s)), L(r,s)[y,x] = r[y,x] + s[y,x] − r[y−1,x] − s[y,x−1] (Beck & Teboulle 2009, eq. 4.11) */
export const PRIMAL = `function (b, r, s) {
  const c = this.thread.x;
  const Y = this.thread.y;
  const H = this.constants.H;
  const y = Y - Math.floor((Y + 0.5) / H) * H;
  let d = 0;
  if (y < H - 1) {
    d += r[Y][c];
  }
  if (c < this.constants.W - 1) {
    d += s[Y][c];
  }
  if (y > 0) {
    d -= r[Y - 1][c];
  }
  if (c > 0) {
    d -= s[Y][c - 1];
  }
  return Math.max(b[Y][c] - this.constants.lam * d, 0);
}`;

/** One component of (p, q) = P_P[(r, s) + Lᵀz/(8λ)], Lᵀz = (z[y,x] − z[y+1,x], z[y,x] − z[y,x+1]); which = 0 → p, 1 → q */
const dual = (which: 0 | 1): string => `function (z, r, s) {
  const c = this.thread.x;
  const Y = this.thread.y;
  const H = this.constants.H;
  const y = Y - Math.floor((Y + 0.5) / H) * H;
  let dp = 0;
  let dq = 0;
  if (y < H - 1) {
    dp = z[Y][c] - z[Y + 1][c];
  }
  if (c < this.constants.W - 1) {
    dq = z[Y][c] - z[Y][c + 1];
  }
  const p = r[Y][c] + dp / this.constants.c8;
  const q = s[Y][c] + dq / this.constants.c8;
  const norm = Math.sqrt(p * p + q * q);
  return ${which === 0 ? 'p' : 'q'} / Math.max(norm, 1);
}`;

export const DUAL_P = dual(0);
export const DUAL_Q = dual(1);

/** (r, s) = (p, q) + m · ((p, q) − (p, q)_old), m = (t_k − 1)/t_{k+1} */
export const MOMENTUM = `function (p, pOld, m) {
  const v = p[this.thread.y][this.thread.x];
  return v + m * (v - pOld[this.thread.y][this.thread.x]);
}`;
