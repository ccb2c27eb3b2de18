import { describe, expect, it } from 'vitest';
import { profileFigureSvg } from '../../../src/renderer/src/tools/profile-figure.js';
import { profileOf } from '../../../src/renderer/src/tools/measure.js';

describe('line-profile figure (SVG)', () => {
  it('draws raw (dashed) and fused (solid) lines per element against calibrated distance, with a legend', () => {
    const w = 20, h = 10, n = w * h;
    const ramp = Float32Array.from({ length: n }, (_, k) => k % w);
    const raw = { elements: ['Co', 'O'], width: w, height: h, data: [ramp, ramp.map((v) => 2 * v)] };
    const fused = { ...raw, data: [ramp.map((v) => v + 1), ramp.map((v) => 2 * v + 1)] };
    const data = profileOf({ x0: 0.5, y0: 5, x1: 19.5, y1: 5, width: 1 }, raw, fused, { value: 0.5, unit: 'nm' });
    const svg = profileFigureSvg(data, { title: 'P1 <across>', valueUnit: 'counts', colorOf: (el) => (el === 'Co' ? '#f00' : '#0f0') });
    expect(svg.match(/<polyline /g)).toHaveLength(4);
    expect(svg.match(/stroke-dasharray/g)).toHaveLength(4); // 2 raw lines + their 2 legend swatches
    expect(svg).toContain('distance (nm)');
    expect(svg).toContain('P1 &lt;across&gt;');
    expect(svg).toContain('>Co fused<');
    expect(svg).toContain('>O raw<');
  });
});
