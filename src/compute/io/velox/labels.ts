// Velox image labels: v11+ /Displays/ImageDisplay -> SharedProperties/ImageSeriesDataReference -> /Data/Image/<uuid>;
// older files: /Presentation/Displays/ImageDisplay/<id> { dataPath, display.label } (RosettaSciIO _parse_image_display).

import type { H5Tree } from '../hdf5/tree.js';
import { dig, veloxJson } from './spec.js';

export interface VeloxLabel { label: string; groupType: string | null; layout: 'Displays' | 'Presentation' }

/** Map from /Data/Image uuid to its display label (element symbol for EDS maps, 'HAADF', ...). */
export function veloxLabels(tree: H5Tree): Map<string, VeloxLabel> {
  const out = new Map<string, VeloxLabel>();
  const uuidOf = (dataPath: unknown): string | null =>
    typeof dataPath === 'string' && dataPath.includes('/') ? dataPath.slice(dataPath.lastIndexOf('/') + 1) : null;
  // Group types ('Eds', 'Stem', 'Eels'...) by display path, from SharedProperties/DisplayGroupItem.
  const groupType = new Map<string, string>();
  for (const n of tree.children('/SharedProperties/DisplayGroupItem')) {
    const j = veloxJson(n.value);
    const display = dig(j, 'display');
    const gt = dig(j, 'groupType');
    if (typeof display === 'string' && typeof gt === 'string') groupType.set(display, gt);
  }
  for (const n of tree.children('/Displays/ImageDisplay')) {
    const j = veloxJson(n.value);
    const ref = dig(j, 'data');
    const label = dig(j, 'id') ?? dig(j, 'title');
    if (typeof ref !== 'string' || typeof label !== 'string') continue;
    const uuid = uuidOf(dig(veloxJson(tree.get(ref)?.value), 'dataPath'));
    if (uuid && !out.has(uuid)) out.set(uuid, { label, groupType: groupType.get(n.path) ?? null, layout: 'Displays' });
  }
  for (const n of tree.children('/Presentation/Displays/ImageDisplay')) {
    const j = veloxJson(n.value);
    const uuid = uuidOf(dig(j, 'dataPath'));
    const label = dig(j, 'display', 'label');
    if (uuid && typeof label === 'string' && !out.has(uuid)) out.set(uuid, { label: decodeURIComponentSafe(label), groupType: null, layout: 'Presentation' });
  }
  return out;
}

/** Old Velox layouts percent-encode labels ('Experiment%20Log'). */
function decodeURIComponentSafe(s: string): string {
  try { return decodeURIComponent(s); } catch { return s; }
}
