// The previous result of each dataset, for warm-starting its re-fusion when it grows: the most recent few in
// memory, older ones read back from their result directory (fused_<El>.npy).

import { readResultMaps } from '../../../compute/io/result/index.js';

interface Maps { elements: string[]; width: number; height: number; maps: Float32Array[] }

export class WarmStartStore {
  readonly #recent = new Map<string, Maps>();
  readonly #capacity: number;

  constructor(capacity: number) {
    this.#capacity = Math.max(0, capacity);
  }

  remember(id: string, result: Maps): void {
    this.#recent.delete(id);
    if (this.#capacity === 0) return;
    this.#recent.set(id, { elements: [...result.elements], width: result.width, height: result.height, maps: result.maps });
    while (this.#recent.size > this.#capacity) this.#recent.delete(this.#recent.keys().next().value!);
  }

  /**
   * The maps to start `id`'s next fusion from, when its previous result has the same elements (in order) and grid;
   * otherwise undefined (a cold start).
   */
  async recall(id: string, elements: readonly string[], width: number, height: number, resultDir: string | null): Promise<Float32Array[] | undefined> {
    const same = (m: Maps): boolean => m.width === width && m.height === height && m.elements.length === elements.length && m.elements.every((e, i) => e === elements[i]);
    const hit = this.#recent.get(id);
    if (hit) return same(hit) ? hit.maps : undefined;
    if (resultDir === null) return undefined;
    try {
      const maps = (await readResultMaps(resultDir, 'fused', elements)).map((m) => m.data);
      return maps.every((m) => m.length === width * height) ? maps : undefined;
    } catch {
      return undefined; // the result was moved or deleted: start cold
    }
  }

  forget(id: string): void {
    this.#recent.delete(id);
  }
}
