import { describe, expect, it } from 'vitest';
import { escapeXml, layoutFigure, renderFigureSvg } from '../../../src/shared/figure/index.js';
import { decodePng, findAll, parseXml } from './decode.js';
import { CELL_W, W, makeFigure } from './fixture.js';

describe('renderFigureSvg', () => {
  const fig = makeFigure();
  const svgText = renderFigureSvg(fig);
  const svg = parseXml(svgText);
  const layout = layoutFigure(fig);
  const texts = findAll(svg, 'text');
  const byClass = (cls: string): string[] => texts.filter((t) => t.attrs.class === cls).map((t) => t.text);

  it('is a well-formed SVG 1.1 document sized in millimetres', () => {
    expect(svgText.startsWith('<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n<svg ')).toBe(true);
    expect(svg.name).toBe('svg');
    const H = Number(svg.attrs.height!.replace('mm', ''));
    expect(H).toBeCloseTo(layout.heightMm, 3);
    expect(svg.attrs).toMatchObject({ xmlns: 'http://www.w3.org/2000/svg', 'xmlns:xlink': 'http://www.w3.org/1999/xlink', version: '1.1', width: '180mm', viewBox: `0 0 180 ${svg.attrs.height!.replace('mm', '')}` });
    expect(findAll(svg, 'title')[0]!.text).toBe('Fe (K) & O <fused>');
    expect(findAll(svg, 'g').map((g) => g.attrs.id)).toEqual(['panel-a', 'panel-b', 'panel-c']);
  });

  it('embeds each image as a pixelated PNG data URI carrying its effective DPI', () => {
    const images = findAll(svg, 'image');
    expect(images.length).toBe(3);
    images.forEach((img, i) => {
      expect(img.attrs).toMatchObject({ width: '86.5', preserveAspectRatio: 'none', style: 'image-rendering:pixelated' });
      const href = img.attrs['xlink:href']!;
      expect(href.startsWith('data:image/png;base64,')).toBe(true);
      const png = decodePng(new Uint8Array(Buffer.from(href.slice('data:image/png;base64,'.length), 'base64')));
      expect([png.width, png.height]).toEqual([100, 50]);
      expect(png.rgba).toEqual(fig.panels[i]!.image.rgba);
      const phys = png.chunks.find((c) => c.type === 'pHYs')!.data;
      expect(new DataView(phys.buffer).getUint32(0)).toBe(Math.round(W / (CELL_W / 25.4) / 0.0254));
    });
  });

  it('draws the scale bar, colour bar and legend as vector shapes and text', () => {
    const rects = findAll(svg, 'rect');
    const bar = rects.filter((r) => r.attrs.class === 'scale-bar');
    expect(bar.length).toBe(2);
    expect(bar[0]!.attrs).toMatchObject({ width: '17.3', x: '68.605', fill: '#ffffff' }); // 20 px of 100 over 86.5 mm, inset 2.595 mm
    expect(byClass('scale-label')).toEqual(['2 nm', '2 nm']);
    expect(byClass('scale-unknown')).toEqual(['scale unknown']);
    const segs = rects.filter((r) => r.attrs.class === 'colorbar');
    expect(segs[0]!.attrs.fill).toBe('#440154');
    expect(segs[segs.length - 1]!.attrs.fill).toBe('#fde725');
    expect(rects.filter((r) => r.attrs.class === 'colorbar-frame')[0]!.attrs).toMatchObject({ fill: 'none', stroke: '#000000' });
    expect(byClass('tick')).toEqual(['0', '10', '20', '30', '40']);
    expect(findAll(svg, 'line').length).toBe(5);
    expect(byClass('colorbar-caption')).toEqual(['Fe (counts)']);
    expect(rects.filter((r) => r.attrs.class === 'swatch').map((r) => r.attrs.fill)).toEqual(['#ff0000', '#00ffff']);
    expect(byClass('legend')).toEqual(['Fe K', 'O K']);
    expect(byClass('letter')).toEqual(['a', 'b', 'c']);
    expect(byClass('title')).toEqual(['HAADF', 'Fe K (fused)', 'Overlay <Fe & O>']);
    expect(svgText).toContain('>Overlay &lt;Fe &amp; O&gt;</text>');
  });

  it('keeps Unicode labels (µ, Å, γ) and omits the background when asked', () => {
    const fig2 = makeFigure({ background: null, panels: [{ title: 'O K, γ = 0.7', image: { width: 1, height: 1, rgba: new Uint8Array(4) }, scaleBar: { lengthPx: 0.2, label: '5 \u00C5' } }] });
    const s = parseXml(renderFigureSvg(fig2));
    expect(findAll(s, 'text').map((t) => t.text)).toEqual(['a', 'O K, γ = 0.7', '5 Å']);
    expect(findAll(s, 'rect').some((r) => r.attrs.class === 'background')).toBe(false);
  });
});

describe('escapeXml', () => {
  it('escapes the five special characters and drops characters XML 1.0 forbids', () => {
    expect(escapeXml(`a<b>&"c'`)).toBe('a&lt;b&gt;&amp;&quot;c&apos;');
    expect(escapeXml('x\u0000y\u0007z\tq\n')).toBe('xyz\tq\n');
    expect(escapeXml('\uD800lone \uD83D\uDE00 pair \uDC00')).toBe('lone \uD83D\uDE00 pair ');
  });
});
