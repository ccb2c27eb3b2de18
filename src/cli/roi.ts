// `--roi [NAME=]SHAPE` of `fusem quantify`: a region in pixel coordinates (x to the right, y down, from the image's
// top-left corner; integer coordinates are pixel corners, as in compute/quant/regions.ts).
//   all                          the whole image (the default)
//   rect:X,Y,W,H                 a W × H rectangle whose top-left corner is (X, Y)
//   ellipse:CX,CY,RX,RY[,DEG]    centre, semi-axes, rotation of RX from +x towards +y in degrees
//   point:X,Y                    the pixel containing (X, Y)
//   polygon:X1,Y1,X2,Y2,X3,Y3,…  at least three vertices

import type { RegionShape } from '../compute/quant/index.js';
import { UsageError } from './args.js';

export interface Roi {
  name: string;
  /** As given (without the name). */
  spec: string;
  /** null: the whole image. */
  shape: RegionShape | null;
}

const FORMS = 'all, rect:X,Y,W,H, ellipse:CX,CY,RX,RY[,DEG], point:X,Y or polygon:X1,Y1,X2,Y2,X3,Y3,…';

function numbers(kind: string, text: string, roi: string): number[] {
  const parts = text.split(',').map((t) => t.trim());
  const values = parts.map(Number);
  if (parts.some((t) => t === '') || values.some((v) => !Number.isFinite(v))) throw new UsageError(`--roi ${roi}: ${kind} takes numbers separated by commas`);
  return values;
}

/** One --roi value; a UsageError naming the value and the accepted forms when it is not one of them. */
export function parseRoi(value: string, index: number): Roi {
  const eq = value.indexOf('=');
  const name = eq > 0 ? value.slice(0, eq).trim() : '';
  const spec = (eq > 0 ? value.slice(eq + 1) : value).trim();
  const label = name || (spec === 'all' ? 'all' : `roi${index + 1}`);
  if (spec === 'all') return { name: label, spec, shape: null };
  const colon = spec.indexOf(':');
  const kind = colon > 0 ? spec.slice(0, colon) : spec;
  const v = colon > 0 ? numbers(kind, spec.slice(colon + 1), value) : [];
  const need = (ok: boolean, form: string): void => { if (!ok) throw new UsageError(`--roi ${value}: write it as ${form}`); };
  switch (kind) {
    case 'rect':
      need(v.length === 4 && v[2]! > 0 && v[3]! > 0, 'rect:X,Y,W,H with W, H > 0');
      return { name: label, spec, shape: { kind: 'rectangle', x0: v[0]!, y0: v[1]!, x1: v[0]! + v[2]!, y1: v[1]! + v[3]! } };
    case 'ellipse':
      need((v.length === 4 || v.length === 5) && v[2]! > 0 && v[3]! > 0, 'ellipse:CX,CY,RX,RY[,DEG] with RX, RY > 0');
      return { name: label, spec, shape: { kind: 'ellipse', cx: v[0]!, cy: v[1]!, rx: v[2]!, ry: v[3]!, rotation: ((v[4] ?? 0) * Math.PI) / 180 } };
    case 'point':
      need(v.length === 2, 'point:X,Y');
      return { name: label, spec, shape: { kind: 'point', x: v[0]!, y: v[1]! } };
    case 'polygon': {
      need(v.length >= 6 && v.length % 2 === 0, 'polygon:X1,Y1,X2,Y2,X3,Y3,… (at least three vertices)');
      const points: [number, number][] = [];
      for (let k = 0; k < v.length; k += 2) points.push([v[k]!, v[k + 1]!]);
      return { name: label, spec, shape: { kind: 'polygon', points } };
    }
    default:
      throw new UsageError(`--roi ${value}: unknown region; give ${FORMS}`);
  }
}
