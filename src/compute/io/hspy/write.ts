// HyperSpy-loadable HDF5 writer (hspy file_format_version 3.1: /Experiments/<name>/{data, axis-N, metadata}),
// with fusem's own /fusem group (parameters, elements, cost history, calibration) that HyperSpy ignores.

import { withTempFile } from '../atomic.js';
import { h5Request, type H5AttrSpec, type H5WriteNode } from '../hdf5/client.js';
import type { FusionResultFile } from './result.js';

const str = (value: string): H5AttrSpec => ({ value });
const f64 = (value: number): H5AttrSpec => ({ value, dtype: '<d' });
const i64 = (value: number): H5AttrSpec => ({ value, dtype: '<q' });
const i8 = (value: number): H5AttrSpec => ({ value, dtype: '<b' });

interface Axis { name: string; size: number; scale: number; units: string | null; navigate: boolean }

/** Nodes for one HyperSpy signal. */
function experiment(name: string, title: string, data: Float32Array | Float64Array, axes: Axis[], fusem: Record<string, H5AttrSpec>): H5WriteNode[] {
  const g = `/Experiments/${name}`;
  const nodes: H5WriteNode[] = [
    { kind: 'group', path: g, attrs: { package: str(''), package_version: str('') } },
    { kind: 'dataset', path: `${g}/data`, data, shape: axes.map((a) => a.size) },
  ];
  axes.forEach((a, i) => nodes.push({
    kind: 'group', path: `${g}/axis-${i}`,
    attrs: { name: str(a.name), size: i64(a.size), scale: f64(a.scale), offset: f64(0), units: str(a.units ?? '<undefined>'), navigate: i8(a.navigate ? 1 : 0), is_binned: i8(0) },
  }));
  nodes.push(
    { kind: 'group', path: `${g}/metadata` },
    { kind: 'group', path: `${g}/metadata/General`, attrs: { title: str(title) } },
    { kind: 'group', path: `${g}/metadata/Signal`, attrs: { signal_type: str(''), quantity: str('Intensity') } },
    { kind: 'group', path: `${g}/metadata/_HyperSpy` },
    { kind: 'group', path: `${g}/metadata/_HyperSpy/Folding`, attrs: { original_axes_manager: str('_None_'), original_shape: str('_None_'), signal_unfolded: i8(0), unfolded: i8(0) } },
    { kind: 'group', path: `${g}/metadata/fusem`, attrs: fusem },
    { kind: 'group', path: `${g}/original_metadata` },
  );
  return nodes;
}

/** The write plan for a result (exported for tests). */
export function resultNodes(r: FusionResultFile): H5WriteNode[] {
  const n = r.width * r.height;
  const check = (what: string, d: Float32Array): void => {
    if (d.length !== n) throw new Error(`writeResultHdf5: ${what} has ${d.length} values, expected ${r.width}×${r.height}`);
  };
  const [py, px] = r.pixelSize ?? [1, 1];
  const unit = r.pixelSize ? r.unit : null;
  const grid: Axis[] = [
    { name: 'y', size: r.height, scale: py, units: unit, navigate: false },
    { name: 'x', size: r.width, scale: px, units: unit, navigate: false },
  ];
  const nodes: H5WriteNode[] = [
    { kind: 'group', path: '/', attrs: { file_format: str('HyperSpy'), file_format_version: str('3.1') } },
    { kind: 'group', path: '/Experiments' },
  ];
  check('haadf', r.haadf);
  nodes.push(...experiment('HAADF', r.haadfTitle ?? 'HAADF', r.haadf, grid, { role: str('haadf'), signal: str('HAADF') }));
  const maps = (role: string, list: { element: string; data: Float32Array }[]): void => {
    for (const m of list) {
      check(`${role} ${m.element}`, m.data);
      nodes.push(...experiment(`${role}_${m.element}`, `${m.element} (${role})`, m.data, grid, { role: str(role), element: str(m.element) }));
    }
  };
  maps('input', r.inputs);
  maps('fused', r.fused);
  maps('stderr', r.stderr ?? []);
  const terms = Object.keys(r.costHistory);
  for (const t of terms) {
    const v = Float64Array.from(r.costHistory[t]!);
    nodes.push(...experiment(`cost_${t}`, `cost ${t}`, v, [{ name: 'iteration', size: v.length, scale: 1, units: null, navigate: false }], { role: str('cost'), term: str(t) }));
  }
  nodes.push({
    kind: 'group', path: '/fusem',
    attrs: {
      format_version: str('1'), width: i64(r.width), height: i64(r.height),
      elements: str(JSON.stringify(r.elements)), parameters: str(JSON.stringify(r.parameters)),
      calibration: str(JSON.stringify({ pixelSize: r.pixelSize, unit: r.unit })),
      cost_terms: str(JSON.stringify(terms)), notes: str(JSON.stringify(r.notes ?? [])),
      provenance: str(JSON.stringify(r.provenance ?? {})), haadf_title: str(r.haadfTitle ?? 'HAADF'),
      has_stderr: i8(r.stderr ? 1 : 0),
    },
  });
  return nodes;
}

/** Write the whole result as one HyperSpy-loadable HDF5 file, atomically. */
export async function writeResultHdf5(file: string, result: FusionResultFile): Promise<void> {
  const nodes = resultNodes(result);
  await withTempFile(file, async (tmp) => {
    await h5Request<void>({ op: 'write', file: tmp, nodes }, 120_000);
  });
}
