// The viewer's layers for the project view: HAADF, raw and fused maps, their overlays, from the document's display settings.

import { autoRange, type Layer } from '../viewer/layers.js';
import { displayWindow, hexToRgb, type ElementDisplay } from '../tools/display.js';
import type { Maps } from '../tools/measure.js';
import type { PreviewFrame } from '../../../shared/api/schemas/fusion.js';

const ranges = new WeakMap<Float32Array, { lo: number; hi: number }>();

/** autoRange, remembered per array (the maps do not change once read). */
export function cachedRange(data: Float32Array): { lo: number; hi: number } {
  let r = ranges.get(data);
  if (!r) {
    r = autoRange(data);
    ranges.set(data, r);
  }
  return r;
}

export function greyLayer(name: string, data: Float32Array, width: number, height: number): Layer {
  const { lo, hi } = cachedRange(data);
  return { name, data, width, height, visible: true, lo, hi, gamma: 1, colormap: 'grey' };
}

/** One element map as a layer: its display window from the automatic one and the element's settings. */
export function mapLayer(name: string, data: Float32Array, width: number, height: number, d: ElementDisplay, colormap?: string): Layer {
  const { lo, hi } = displayWindow(cachedRange(data), d);
  return {
    name, data, width, height, visible: colormap ? true : d.visible, lo, hi, gamma: d.gamma, color: hexToRgb(d.color),
    ...(colormap ? { colormap } : {}),
  };
}

export function overlayLayers(maps: Maps, display: (el: string) => ElementDisplay): Layer[] {
  return maps.elements.map((el, i) => mapLayer(el, maps.data[i]!, maps.width, maps.height, display(el)));
}

/** A preview frame (downsampled) brought to full size by nearest-neighbour, so it lines up with the other views. */
export function previewMaps(p: PreviewFrame, width: number, height: number): Maps {
  const data = p.maps.map((m) => {
    if (p.width === width && p.height === height) return m;
    const out = new Float32Array(width * height);
    const sx = p.width / width, sy = p.height / height;
    for (let y = 0; y < height; y++) {
      const row = Math.min(p.height - 1, Math.floor((y + 0.5) * sy)) * p.width;
      for (let x = 0; x < width; x++) out[y * width + x] = m[row + Math.min(p.width - 1, Math.floor((x + 0.5) * sx))]!;
    }
    return out;
  });
  return { elements: p.elements, width, height, data };
}
