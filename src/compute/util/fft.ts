// The radix-2 fast Fourier transform (Cooley & Tukey 1965), iterative, in place on split real/imaginary arrays.

/** In-place FFT of one complex sequence of power-of-two length: X_k = Σ_n x_n e^(−2πi kn/N). */
export function fft1d(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  if (n !== im.length || (n & (n - 1)) !== 0) throw new RangeError(`fft1d needs equal power-of-two lengths, got ${n} and ${im.length}`);
  for (let i = 1, j = 0; i < n; i++) { // bit-reversal permutation
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      const r = re[i]!, m = im[i]!;
      re[i] = re[j]!; re[j] = r;
      im[i] = im[j]!; im[j] = m;
    }
  }
  for (let len = 2; len <= n; len <<= 1) { // butterflies, w = e^(−2πi/len)
    const angle = (-2 * Math.PI) / len;
    const wr = Math.cos(angle), wi = Math.sin(angle);
    for (let i = 0; i < n; i += len) {
      let cr = 1, ci = 0;
      for (let k = 0; k < len / 2; k++) {
        const a = i + k, b = a + len / 2;
        const tr = re[b]! * cr - im[b]! * ci, ti = re[b]! * ci + im[b]! * cr;
        re[b] = re[a]! - tr; im[b] = im[a]! - ti;
        re[a] = re[a]! + tr; im[a] = im[a]! + ti;
        const nr = cr * wr - ci * wi;
        ci = cr * wi + ci * wr;
        cr = nr;
      }
    }
  }
}

/** |FFT2|² of a real side × side image (row-major, side a power of two): the power spectrum, unshifted. */
export function powerSpectrum2d(image: Float64Array, side: number): Float64Array {
  const re = Float64Array.from(image), im = new Float64Array(side * side);
  const rowRe = new Float64Array(side), rowIm = new Float64Array(side);
  for (let pass = 0; pass < 2; pass++) { // rows, then columns
    for (let a = 0; a < side; a++) {
      for (let b = 0; b < side; b++) {
        const k = pass === 0 ? a * side + b : b * side + a;
        rowRe[b] = re[k]!; rowIm[b] = im[k]!;
      }
      fft1d(rowRe, rowIm);
      for (let b = 0; b < side; b++) {
        const k = pass === 0 ? a * side + b : b * side + a;
        re[k] = rowRe[b]!; im[k] = rowIm[b]!;
      }
    }
  }
  return Float64Array.from(re, (r, k) => r * r + im[k]! * im[k]!);
}
