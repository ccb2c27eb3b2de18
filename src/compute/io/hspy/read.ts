// HyperSpy .hspy (HDF5, file_format_version 3.x): /Experiments/<name>/{data, axis-N, metadata, original_metadata}.

import { classifySignal } from '../labels/signal-kind.js';
import { parseElementLabel } from '../labels/element-label.js';
import { makeRecord } from '../record.js';
import type { ImageRecord, SignalKind } from '../types.js';
import { asNumber, asString, type H5Tree } from '../hdf5/tree.js';

export function isHspy(tree: H5Tree): boolean {
  const root = tree.get('/');
  return asString(root?.attrs['file_format'])?.toLowerCase() === 'hyperspy' || tree.get('/Experiments')?.kind === 'group';
}

export interface HspyAxis { name: string; size: number; scale: number; offset: number; units: string | null; navigate: boolean }

/** The axes of one experiment group, in array order. */
export function hspyAxes(tree: H5Tree, group: string, nd: number): HspyAxis[] {
  const axes: HspyAxis[] = [];
  for (let i = 0; i < nd; i++) {
    const a = tree.get(`${group}/axis-${i}`)?.attrs ?? {};
    const units = asString(a['units']);
    axes.push({
      name: asString(a['name']) ?? '', size: asNumber(a['size']) ?? 0, scale: asNumber(a['scale']) ?? 1,
      offset: asNumber(a['offset']) ?? 0, units: units === null || units === '' || units === '<undefined>' ? null : units,
      navigate: (asNumber(a['navigate']) ?? 0) !== 0,
    });
  }
  return axes;
}

const KINDS: readonly SignalKind[] = ['HAADF', 'DF', 'BF', 'EDX', 'EELS', 'other'];
function asSignalKind(s: string | null): SignalKind | null {
  return KINDS.find((k) => k === s) ?? null;
}

export async function readHspy(tree: H5Tree): Promise<ImageRecord[]> {
  const out: ImageRecord[] = [];
  for (const g of tree.children('/Experiments')) {
    if (g.kind !== 'group') continue;
    const data = tree.get(`${g.path}/data`);
    if (!data || data.kind !== 'dataset' || !data.shape) continue;
    const name = g.path.slice(g.path.lastIndexOf('/') + 1);
    const title = asString(tree.get(`${g.path}/metadata/General`)?.attrs['title']) ?? name;
    const signalType = asString(tree.get(`${g.path}/metadata/Signal`)?.attrs['signal_type']) ?? '';
    const fusem = tree.get(`${g.path}/metadata/fusem`)?.attrs ?? {};
    const nd = data.shape.length;
    const axes = hspyAxes(tree, g.path, nd);
    // Files fusem wrote say what each signal is; trust that over the title ('cost haadf' is not a HAADF image).
    const role = asString(fusem['role']);
    const signal: SignalKind = role !== null ? (asSignalKind(asString(fusem['signal'])) ?? 'other') : classifySignal(title, signalType);
    const element = asString(fusem['element']) ?? (signal === 'HAADF' || signal === 'DF' || signal === 'BF' ? null : parseElementLabel(title));
    const spatial = nd >= 2 ? [axes[nd - 2]!, axes[nd - 1]!] : null;
    out.push(makeRecord({
      title, signal, element, shape: data.shape, dtype: data.dtype ?? 'unknown', values: await tree.readNumeric(data.path),
      pixelSize: spatial ? [spatial[0].scale, spatial[1].scale] : null,
      unit: spatial ? spatial[1].units : null,
      metadata: { format: 'hspy', group: g.path, role, signalType, axes, fileFormatVersion: asString(tree.get('/')?.attrs['file_format_version']) },
    }));
  }
  return out;
}
