/** FigureModel → standalone SVG 1.1: images as PNG data URIs (pixelated, carrying their effective DPI), scale bars, colour bars and legends as vector shapes and text. */
import { base64Encode } from './base64.js';
import { type Rgb, rgbHex } from './colormaps.js';
import { layoutFigure, panelLetter, type Primitive } from './figure-layout.js';
import type { FigureModel } from './figure-model.js';
import { formatNumber as f } from './number-format.js';
import { encodePng } from './png.js';
import { escapeXml } from './xml-escape.js';

export const SVG_FONT_FAMILY = 'Helvetica, Arial, sans-serif';

function color(c: Rgb): string {
  return rgbHex(c);
}

function primitiveSvg(p: Primitive): string {
  switch (p.kind) {
    case 'rect': {
      const fill = p.fill ? `fill="${color(p.fill)}"` : 'fill="none"';
      const stroke = p.stroke ? ` stroke="${color(p.stroke)}" stroke-width="${f(p.strokeWidth ?? 0.1)}"` : '';
      return `<rect class="${p.role}" x="${f(p.x)}" y="${f(p.y)}" width="${f(p.w)}" height="${f(p.h)}" ${fill}${stroke}/>`;
    }
    case 'line':
      return `<line x1="${f(p.x1)}" y1="${f(p.y1)}" x2="${f(p.x2)}" y2="${f(p.y2)}" stroke="${color(p.color)}" stroke-width="${f(p.width)}"/>`;
    case 'text': {
      const anchor = p.anchor === 'start' ? '' : ` text-anchor="${p.anchor}"`;
      const weight = p.bold ? ' font-weight="bold"' : '';
      return `<text class="${p.role}" x="${f(p.x)}" y="${f(p.y)}" font-size="${f(p.size)}"${weight}${anchor} fill="${color(p.color)}">${escapeXml(p.text)}</text>`;
    }
    case 'image': {
      const png = encodePng(p.image.rgba, p.image.width, p.image.height, { dpi: p.effectiveDpi });
      return (
        `<image x="${f(p.x)}" y="${f(p.y)}" width="${f(p.w)}" height="${f(p.h)}" preserveAspectRatio="none"` +
        ` image-rendering="optimizeSpeed" style="image-rendering:pixelated"` +
        ` xlink:href="data:image/png;base64,${base64Encode(png)}"/>`
      );
    }
  }
}

/**
 * Renders the figure as an SVG document whose user unit is the millimetre (width/height in mm, viewBox in mm).
 * Each panel is a <g id="panel-a"> group so it can be edited in Inkscape/Illustrator.
 */
export function renderFigureSvg(fig: FigureModel): string {
  const layout = layoutFigure(fig);
  const W = f(layout.widthMm);
  const H = f(layout.heightMm);
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8" standalone="no"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" version="1.1" width="${W}mm" height="${H}mm" viewBox="0 0 ${W} ${H}" font-family="${SVG_FONT_FAMILY}">`,
  ];
  if (fig.title) out.push(`<title>${escapeXml(fig.title)}</title>`);
  let open = -1;
  for (const p of layout.primitives) {
    if (p.panel !== open) {
      if (open >= 0) out.push('</g>');
      if (p.panel >= 0) out.push(`<g id="panel-${panelLetter(p.panel)}">`);
      open = p.panel;
    }
    out.push(primitiveSvg(p));
  }
  if (open >= 0) out.push('</g>');
  out.push('</svg>', '');
  return out.join('\n');
}
