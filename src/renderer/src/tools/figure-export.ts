// Figures of the current view for papers, made here from the same FigureModel the SVG and PDF writers take
// (shared/figure/): SVG and PDF as vectors, PNG drawn on a canvas from the figure's layout at the chosen DPI.

import {
  colormapLut, encodePng, layoutFigure, renderFigurePdf, renderFigureSvg, type ColormapName, type FigureModel, type Primitive,
} from '../../../shared/figure/index.js';

// The figure's panels (HAADF, overlays, raw and fused maps with the user's display settings) are built by
// shared/figure/view-figure.ts, the same builder the backend's export.figure uses.
export { viewFigureModel, type FigureContent, type ViewFigureInputs } from '../../../shared/figure/index.js';

export function figureSvg(model: FigureModel): string {
  return renderFigureSvg(model);
}

export function figurePdf(model: FigureModel): Uint8Array {
  return renderFigurePdf(model);
}

/** Pixel size of the PNG at the model's DPI: the figure's millimetres × dpi / 25.4. */
export function pngSize(model: FigureModel): { width: number; height: number } {
  const layout = layoutFigure(model);
  return { width: Math.max(1, Math.round((layout.widthMm * model.dpi) / 25.4)), height: Math.max(1, Math.round((layout.heightMm * model.dpi) / 25.4)) };
}

const css = (c: readonly [number, number, number]) => `rgb(${c[0]},${c[1]},${c[2]})`;

/** The figure drawn on a canvas at the model's DPI and encoded as PNG (with a pHYs chunk giving the DPI). */
export function figurePng(model: FigureModel): Uint8Array {
  const layout = layoutFigure(model);
  const { width, height } = pngSize(model);
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2-D canvas to draw the PNG on');
  const s = width / layout.widthMm; // px per mm
  ctx.scale(s, height / layout.heightMm);
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, layout.widthMm, layout.heightMm);
  for (const p of layout.primitives) drawPrimitive(ctx, p);
  const rgba = new Uint8Array(ctx.getImageData(0, 0, width, height).data.buffer.slice(0));
  return encodePng(rgba, width, height, { dpi: model.dpi });
}

function drawPrimitive(ctx: CanvasRenderingContext2D, p: Primitive): void {
  switch (p.kind) {
    case 'rect':
      if (p.fill) { ctx.fillStyle = css(p.fill); ctx.fillRect(p.x, p.y, p.w, p.h); }
      if (p.stroke) { ctx.strokeStyle = css(p.stroke); ctx.lineWidth = p.strokeWidth ?? 0.1; ctx.strokeRect(p.x, p.y, p.w, p.h); }
      break;
    case 'line':
      ctx.strokeStyle = css(p.color);
      ctx.lineWidth = p.width;
      ctx.beginPath(); ctx.moveTo(p.x1, p.y1); ctx.lineTo(p.x2, p.y2); ctx.stroke();
      break;
    case 'text':
      ctx.fillStyle = css(p.color);
      ctx.font = `${p.bold ? 'bold ' : ''}${p.size}px Helvetica, Arial, sans-serif`;
      ctx.textAlign = p.anchor === 'start' ? 'left' : p.anchor === 'end' ? 'right' : 'center';
      ctx.textBaseline = 'alphabetic';
      ctx.fillText(p.text, p.x, p.y);
      break;
    case 'image': {
      const c = document.createElement('canvas');
      c.width = p.image.width;
      c.height = p.image.height;
      const cx = c.getContext('2d')!;
      const img = cx.createImageData(p.image.width, p.image.height);
      img.data.set(p.image.rgba);
      cx.putImageData(img, 0, 0);
      ctx.imageSmoothingEnabled = false;
      ctx.drawImage(c, p.x, p.y, p.w, p.h);
      break;
    }
  }
}

export { colormapLut, type ColormapName };
