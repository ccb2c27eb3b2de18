// Element maps as one stack: element i at [i·N, (i+1)·N), the layout the model, kernels and quant take.

/** Equally long maps, one after another in one Float32Array. */
export function stackMaps(maps: readonly Float32Array[]): Float32Array {
  const n = maps[0]?.length ?? 0;
  const out = new Float32Array(n * maps.length);
  maps.forEach((m, i) => {
    if (m.length !== n) throw new RangeError(`map ${i} has ${m.length} values, map 0 has ${n}`);
    out.set(m, i * n);
  });
  return out;
}
