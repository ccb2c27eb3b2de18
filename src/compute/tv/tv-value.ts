// Isotropic total variation with Neumann boundaries (Beck & Teboulle 2009, eq. 1.2 with the boundary terms of §4):
// TV(x) = Σ_{y,x} sqrt((x[y,x] − x[y+1,x])² + (x[y,x] − x[y,x+1])²), a difference past the edge being 0.

/** TV of one image. */
export function totalVariation(image: ArrayLike<number>, width: number, height: number, offset = 0): number {
  let tv = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const k = offset + y * width + x;
      const dy = y < height - 1 ? image[k]! - image[k + width]! : 0;
      const dx = x < width - 1 ? image[k]! - image[k + 1]! : 0;
      tv += Math.sqrt(dy * dy + dx * dx);
    }
  }
  return tv;
}

/** Σ_i TV(x_i) over a stack of `elements` images. */
export function stackTotalVariation(stack: ArrayLike<number>, width: number, height: number, elements: number): number {
  let tv = 0;
  for (let i = 0; i < elements; i++) tv += totalVariation(stack, width, height, i * width * height);
  return tv;
}
