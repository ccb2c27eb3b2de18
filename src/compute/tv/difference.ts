// The discrete gradient pair and its adjoint, with Neumann boundaries
// (Beck & Teboulle 2009, §4: the operator L and its adjoint Lᵀ).
// p holds vertical differences (last row 0), q horizontal ones (last column 0),
// both stored as full height × width arrays.

/** Lᵀz = (p, q): p[y,x] = z[y,x] − z[y+1,x] (y < H−1), q[y,x] = z[y,x] − z[y,x+1] (x < W−1); 0 elsewhere. */
export function differences(z: ArrayLike<number>, width: number, height: number, p: Float32Array, q: Float32Array): void {
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const k = y * width + x;
      p[k] = y < height - 1 ? z[k]! - z[k + width]! : 0;
      q[k] = x < width - 1 ? z[k]! - z[k + 1]! : 0;
    }
  }
}

/** L(p, q)[y,x] = p[y,x] + q[y,x] − p[y−1,x] − q[y,x−1] (terms outside the image are 0): minus the divergence. */
export function negativeDivergence(p: Float32Array, q: Float32Array, width: number, height: number, out: Float32Array): void {
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const k = y * width + x;
      const pUp = y > 0 ? p[k - width]! : 0;
      const qLeft = x > 0 ? q[k - 1]! : 0;
      const pHere = y < height - 1 ? p[k]! : 0;
      const qHere = x < width - 1 ? q[k]! : 0;
      out[k] = pHere + qHere - pUp - qLeft;
    }
  }
}
