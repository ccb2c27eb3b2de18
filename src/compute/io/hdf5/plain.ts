// Plain HDF5 (e.g. the authors' Co3O4_Mn3O4.h5: /HAADF, /Co, /Mn, /O): every numeric dataset of 2 or 3 dimensions.

import { parseElementLabel } from '../labels/element-label.js';
import { classifySignal } from '../labels/signal-kind.js';
import { makeRecord } from '../record.js';
import type { ImageRecord } from '../types.js';
import { asNumber, asString, type H5Tree } from './tree.js';

const NUMERIC = /^(u?int(8|16|32|64)|float(32|64)|bool)$/;

/** Records for every 2-D/3-D numeric dataset, titled by path (without the leading '/'). */
export async function readPlainHdf5(tree: H5Tree): Promise<ImageRecord[]> {
  const out: ImageRecord[] = [];
  for (const n of tree.nodes) {
    if (n.kind !== 'dataset' || !n.shape || !NUMERIC.test(n.dtype ?? '') || n.shape.length < 2 || n.shape.length > 3) continue;
    if (n.shape.some((d) => d === 0)) continue;
    const title = n.path.slice(1);
    const leaf = title.slice(title.lastIndexOf('/') + 1);
    const signal = classifySignal(title, asString(n.attrs['signal_type']), asString(n.attrs['detector']));
    const element = signal === 'HAADF' || signal === 'DF' || signal === 'BF' ? null : parseElementLabel(leaf);
    const scale = asNumber(n.attrs['pixel_size']) ?? asNumber(n.attrs['scale']);
    const unit = asString(n.attrs['units']) ?? asString(n.attrs['unit']);
    out.push(makeRecord({
      title, signal, element, shape: n.shape, dtype: n.dtype!, values: await tree.readNumeric(n.path),
      pixelSize: scale !== null && scale > 0 ? [scale, scale] : null, unit: scale !== null ? unit : null,
      metadata: { format: 'hdf5', path: n.path, attrs: n.attrs },
    }));
  }
  return out;
}
