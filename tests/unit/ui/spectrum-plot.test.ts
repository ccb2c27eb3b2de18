// The spectrum panel's pure parts (issue 11): the periodic table's layout, the decimated spectrum path, the windows
// drawn for an element and how dragging moves them.

import { describe, expect, it } from 'vitest';
import { cellOf, tableCells } from '../../../src/renderer/src/spectrum/periodic-table.js';
import { draggedWindow, energiesEv, roundWindow, spectrumPath, windowsOf } from '../../../src/renderer/src/spectrum/spectrum-plot.js';
import { linearScale, logScale } from '../../../src/renderer/src/panels/plot-scales.js';
import type { SpectrumMapResult } from '../../../src/shared/api/schemas/spectrum.js';

describe('periodic table', () => {
  it('places every element up to Pu in its group and period, lanthanides and actinides below', () => {
    expect(cellOf(1)).toEqual({ row: 1, col: 1 });
    expect(cellOf(2)).toEqual({ row: 1, col: 18 });
    expect(cellOf(5)).toEqual({ row: 2, col: 13 }); // B
    expect(cellOf(8)).toEqual({ row: 2, col: 16 }); // O
    expect(cellOf(13)).toEqual({ row: 3, col: 13 }); // Al
    expect(cellOf(27)).toEqual({ row: 4, col: 9 }); // Co
    expect(cellOf(56)).toEqual({ row: 6, col: 2 }); // Ba
    expect(cellOf(57)).toEqual({ row: 9, col: 3 }); // La
    expect(cellOf(71)).toEqual({ row: 9, col: 17 }); // Lu
    expect(cellOf(72)).toEqual({ row: 6, col: 4 }); // Hf
    expect(cellOf(79)).toEqual({ row: 6, col: 11 }); // Au
    expect(cellOf(86)).toEqual({ row: 6, col: 18 }); // Rn
    expect(cellOf(92)).toEqual({ row: 10, col: 6 }); // U
    const cells = tableCells();
    expect(cells).toHaveLength(94);
    expect(new Set(cells.map((c) => `${c.row},${c.col}`)).size).toBe(94); // no two share a cell
  });
});

describe('spectrum plot', () => {
  it('energies in eV from a keV axis', () => {
    expect(Array.from(energiesEv({ size: 3, offset: -0.1, scale: 0.01, unit: 'keV' })).map((v) => Math.round(v * 1e6) / 1e6)).toEqual([-100, -90, -80]);
  });

  it('keeps every peak when 4096 channels are drawn on 300 pixels, and clamps zeros on a log scale', () => {
    const n = 4096;
    const e = Float64Array.from({ length: n }, (_, i) => i);
    const c = new Float32Array(n).fill(10);
    c[1234] = 5000; // a one-channel peak
    const x = linearScale([0, n - 1], [0, 300]);
    const y = linearScale([0, 5000], [100, 0]);
    const d = spectrumPath(e, c, x, y);
    const pts = d.slice(1).split('L').map((p) => p.split(',').map(Number));
    expect(pts.length).toBeLessThan(4 * 302);
    expect(Math.min(...pts.map((p) => p[1]!))).toBeCloseTo(0, 5); // the peak reaches the top
    c[10] = 0;
    const ly = logScale([1, 5000], [100, 0]);
    expect(spectrumPath(e, c, x, ly)).not.toContain('NaN');
  });

  it("draws the element's windows: the user's over the mapping's; fit regions shown, not editable", () => {
    const preview: SpectrumMapResult = {
      maps: [], notes: [], wallMs: 1,
      provenance: [
        { element: 'O', technique: 'EELS' as const, line: 'K', method: '', windows: { preEdge: [447, 527] as [number, number], signal: [532, 585] as [number, number] }, totalCounts: 1, notes: [] },
        { element: 'Fe', technique: 'EDX' as const, line: 'K', method: '', windows: { regions: [[6000, 7500], [500, 900]] as [number, number][] }, totalCounts: 1, notes: [] },
      ],
    };
    expect(windowsOf('O', { elements: ['O'], signal: { O: [532, 560] } }, preview)).toEqual([
      { role: 'preEdge', index: 0, window: [447, 527], editable: true },
      { role: 'signal', index: 0, window: [532, 560], editable: true },
    ]);
    expect(windowsOf('Fe', { elements: ['Fe'] }, preview).map((w) => [w.role, w.editable])).toEqual([['region', false], ['region', false]]);
    expect(windowsOf('Fe', { elements: ['Fe'], signal: { Fe: [6300, 6500] } }, preview).map((w) => w.role)).toEqual(['region', 'region']); // the fit ignores windows
    expect(windowsOf('Fe', { elements: ['Fe'], edxMethod: 'windows', signal: { Fe: [6300, 6500] }, background: { Fe: [[6000, 6200], [6600, 6800]] } }, null).map((w) => `${w.role}${w.index}`))
      .toEqual(['signal0', 'background0', 'background1']);
  });

  it('drags an edge or the whole window, inside the axis and never narrower than the minimum', () => {
    const axis = [100, 1123] as const;
    expect(draggedWindow([532, 585], 'end', -30, axis, 2)).toEqual([532, 555]);
    expect(draggedWindow([532, 585], 'end', -100, axis, 2)).toEqual([532, 534]);
    expect(draggedWindow([532, 585], 'start', 60, axis, 2)).toEqual([583, 585]);
    expect(draggedWindow([532, 585], 'move', 1000, axis, 2)).toEqual([1070, 1123]);
    expect(draggedWindow([120, 200], 'move', -50, axis, 2)).toEqual([100, 180]);
    expect(roundWindow([532.04, 554.96])).toEqual([532, 555]);
  });
});
