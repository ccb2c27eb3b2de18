// EMD (Berkeley, emdatasets.com v0.2): groups with emd_group_type = 1 holding 'data' and 'dim1'..'dimN' axes.

import { classifySignal } from '../labels/signal-kind.js';
import { parseElementLabel } from '../labels/element-label.js';
import { makeRecord } from '../record.js';
import type { ImageRecord } from '../types.js';
import { asNumber, asString, type H5Tree } from '../hdf5/tree.js';

/** True when any group carries the emd_group_type attribute. */
export function isEmdBerkeley(tree: H5Tree): boolean {
  return tree.nodes.some((n) => n.kind === 'group' && 'emd_group_type' in n.attrs);
}

/** EMD units are written like '[n_m]'; '[]' means none. */
function emdUnit(u: string | null): string | null {
  if (u === null) return null;
  const t = u.replace(/[[\]_]/g, '').trim();
  return t === '' ? null : t;
}

export async function readEmdBerkeley(tree: H5Tree): Promise<ImageRecord[]> {
  const out: ImageRecord[] = [];
  for (const g of tree.nodes) {
    if (g.kind !== 'group' || asNumber(g.attrs['emd_group_type']) !== 1) continue;
    const data = tree.get(`${g.path}/data`);
    if (!data || data.kind !== 'dataset' || !data.shape || data.shape.length === 0) continue;
    const title = g.path.slice(g.path.lastIndexOf('/') + 1);
    const nd = data.shape.length;
    const axes = data.shape.map((size, i) => {
      const dim = tree.get(`${g.path}/dim${i + 1}`);
      const v = dim?.value;
      const scale = ArrayBuffer.isView(v) && !(v instanceof DataView) && v.length >= 2 ? Number(v[1]) - Number(v[0]) : 1;
      return { size, scale, name: asString(dim?.attrs['name']) ?? '', units: emdUnit(asString(dim?.attrs['units'])) };
    });
    const signal = classifySignal(title, asString(g.attrs['signal_type']));
    const spatial = nd >= 2 ? [axes[nd - 2]!, axes[nd - 1]!] : null;
    out.push(makeRecord({
      title, signal, element: signal === 'other' ? parseElementLabel(title) : null,
      shape: data.shape, dtype: data.dtype ?? 'unknown', values: await tree.readNumeric(data.path),
      pixelSize: spatial ? [spatial[0].scale, spatial[1].scale] : null,
      unit: spatial ? spatial[1].units : null,
      metadata: { format: 'emd-berkeley', path: g.path, axes, attrs: g.attrs },
    }));
  }
  return out;
}
