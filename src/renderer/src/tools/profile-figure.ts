// A line profile as a standalone vector figure (SVG) for a paper: every element's profile, fused solid and raw
// dashed, against calibrated distance, with nice-number axes and a legend. Pure: no DOM.

import { escapeXml, niceTicks } from '../../../shared/figure/index.js';
import type { ProfileData } from './measure.js';

export interface ProfileFigureOptions {
  title: string;
  /** Unit of the plotted values, e.g. "counts". */
  valueUnit: string;
  /** CSS colour of each element's lines. */
  colorOf: (element: string) => string;
  widthPx?: number;
  heightPx?: number;
}

export function profileFigureSvg(data: ProfileData, options: ProfileFigureOptions): string {
  const W = options.widthPx ?? 640, H = options.heightPx ?? 400;
  const left = 64, right = 130, top = 36, bottom = 52;
  const plotW = W - left - right, plotH = H - top - bottom;
  const xs = Array.from(data.distance);
  const finite = data.series.flatMap((s) => Array.from(s.values).filter(Number.isFinite));
  const xMax = xs.at(-1) ?? 1;
  const yMin = Math.min(0, ...finite), yMax = Math.max(...finite, yMin + 1);
  const sx = (x: number) => left + (x / (xMax || 1)) * plotW;
  const sy = (y: number) => top + plotH - ((y - yMin) / (yMax - yMin)) * plotH;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="Helvetica, Arial, sans-serif" font-size="12">`);
  out.push(`<title>${escapeXml(options.title)}</title><rect width="${W}" height="${H}" fill="white"/>`);
  out.push(`<text x="${left}" y="20" font-weight="bold">${escapeXml(options.title)}</text>`);
  out.push(`<rect x="${left}" y="${top}" width="${plotW}" height="${plotH}" fill="none" stroke="black"/>`);
  for (const t of niceTicks(0, xMax, 6)) {
    out.push(`<line x1="${sx(t.value)}" y1="${top + plotH}" x2="${sx(t.value)}" y2="${top + plotH + 5}" stroke="black"/>`);
    out.push(`<text x="${sx(t.value)}" y="${top + plotH + 18}" text-anchor="middle">${escapeXml(t.label)}</text>`);
  }
  for (const t of niceTicks(yMin, yMax, 6)) {
    out.push(`<line x1="${left - 5}" y1="${sy(t.value)}" x2="${left}" y2="${sy(t.value)}" stroke="black"/>`);
    out.push(`<text x="${left - 8}" y="${sy(t.value) + 4}" text-anchor="end">${escapeXml(t.label)}</text>`);
  }
  out.push(`<text x="${left + plotW / 2}" y="${H - 12}" text-anchor="middle">distance (${escapeXml(data.unit)})</text>`);
  out.push(`<text transform="translate(16 ${top + plotH / 2}) rotate(-90)" text-anchor="middle">${escapeXml(options.valueUnit)}</text>`);
  data.series.forEach((s, k) => {
    const points: string[] = [];
    s.values.forEach((v, i) => { if (Number.isFinite(v)) points.push(`${sx(xs[i]!).toFixed(2)},${sy(v).toFixed(2)}`); });
    const dash = s.kind === 'raw' ? ' stroke-dasharray="4 3" stroke-opacity="0.7"' : '';
    out.push(`<polyline fill="none" stroke="${escapeXml(options.colorOf(s.element))}" stroke-width="${s.kind === 'raw' ? 1 : 2}"${dash} points="${points.join(' ')}"/>`);
    const ly = top + 12 + 18 * k;
    out.push(`<line x1="${left + plotW + 12}" y1="${ly}" x2="${left + plotW + 36}" y2="${ly}" stroke="${escapeXml(options.colorOf(s.element))}" stroke-width="2"${dash}/>`);
    out.push(`<text x="${left + plotW + 42}" y="${ly + 4}">${escapeXml(`${s.element} ${s.kind}`)}</text>`);
  });
  out.push('</svg>');
  return out.join('\n');
}
