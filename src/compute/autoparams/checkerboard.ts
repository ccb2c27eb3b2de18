// Pixel-split (checkerboard) cross-validation for maps that are not raw counts (e.g. background-subtracted EELS).
// The solver has no per-pixel data weight, so the held-out colour is not masked out of Ψ2: its values are replaced by
// the mean of their (training-colour) 4-neighbours, the map is fused, and the fused map is compared with the
// measured values on the held-out pixels only.

/** 1 on the pixels of one checkerboard colour ((x + y) % 2 === parity), 0 elsewhere. */
export function checkerboardMask(width: number, height: number, parity: 0 | 1): Uint8Array {
  const mask = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) if ((x + y) % 2 === parity) mask[y * width + x] = 1;
  return mask;
}

/**
 * A copy of `map` with every held-out pixel replaced from its 4-neighbours that are not held out. The plain mean m of
 * k neighbours has only 1/k of the noise variance, which would make the training map look cleaner than the data and
 * pull the search toward too little regularisation; with `restoreNoise` (default) the difference of two neighbours
 * (alternately the horizontal and the vertical pair), scaled by √((1 − 1/k)/2), is added: it has mean ≈ 0 on smooth
 * regions, is uncorrelated with m, and brings the variance back to σ² for white noise. Filled values are clamped at
 * min(0, min of the map), so a non-negative map stays non-negative.
 */
export function fillHeldOut(map: Float32Array, width: number, height: number, heldOut: Uint8Array, restoreNoise = true): Float32Array {
  const out = Float32Array.from(map);
  const values: number[] = [];
  let floor = 0; // the added noise must not push a non-negative map below zero (Poisson Ψ2 needs b ≥ 0)
  for (let k = 0; k < map.length; k++) floor = Math.min(floor, map[k]!);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = y * width + x;
      if (!heldOut[p]) continue;
      values.length = 0;
      const left = x > 0 && !heldOut[p - 1] ? map[p - 1]! : undefined;
      const right = x < width - 1 && !heldOut[p + 1] ? map[p + 1]! : undefined;
      const up = y > 0 && !heldOut[p - width] ? map[p - width]! : undefined;
      const down = y < height - 1 && !heldOut[p + width] ? map[p + width]! : undefined;
      for (const v of [left, right, up, down]) if (v !== undefined) values.push(v);
      const k = values.length;
      if (k === 0) { out[p] = 0; continue; }
      let m = 0;
      for (const v of values) m += v;
      m /= k;
      if (restoreNoise && k >= 2) {
        const horizontal = (x + y) % 4 < 2;
        let pair: [number, number] | undefined = horizontal && left !== undefined && right !== undefined ? [left, right]
          : !horizontal && up !== undefined && down !== undefined ? [up, down] : undefined;
        pair ??= left !== undefined && right !== undefined ? [left, right] : up !== undefined && down !== undefined ? [up, down] : [values[0]!, values[1]!];
        // Var(m) = σ²/k; the added term must carry (1 − 1/k)σ²; Var(a − b) = 2σ². (For a corner pair inside the mean the
        // covariance with m vanishes too: both enter m with the same weight.)
        m += Math.sqrt((1 - 1 / k) / 2) * (pair[0] - pair[1]);
      }
      out[p] = Math.max(m, floor);
    }
  }
  return out;
}
