import { describe, expect, it } from 'vitest';
import { DEFAULT_PARAMS, FIELDS, parseForm, toForm } from '../../../src/renderer/src/panels/params-form.js';

describe('the fusion-parameter form', () => {
  it('round-trips the defaults, and every field has one line of help', () => {
    const r = parseForm(toForm(DEFAULT_PARAMS), 3);
    expect(r).toEqual({ ok: true, params: DEFAULT_PARAMS });
    for (const f of FIELDS) {
      expect(f.help.length).toBeGreaterThan(10);
      expect(f.help).not.toContain('\n');
    }
    for (const key of ['gamma', 'lambdaChem', 'lambdaTV', 'iterations', 'weighting', 'dataTerm', 'normalise']) {
      expect(FIELDS.find((f) => f.key === key)?.basic).toBe(true);
    }
  });

  it('reads numbers as typed, decimal commas included', () => {
    const v = toForm(DEFAULT_PARAMS);
    v['gamma'] = ' 1,6 ';
    v['lambdaTV'] = '5e-3';
    v['iterations'] = '20';
    const r = parseForm(v, 3);
    expect(r.ok && r.params).toMatchObject({ gamma: 1.6, lambdaTV: 0.005, iterations: 20 });
  });

  it('says which field is wrong: not a number, not whole, out of range', () => {
    const v = toForm(DEFAULT_PARAMS);
    v['lambdaChem'] = 'abc';
    v['iterations'] = '2.5';
    const r = parseForm(v, 3);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.fieldErrors.lambdaChem).toBe('a number');
      expect(r.fieldErrors.iterations).toBe('a whole number');
    }
    const w = toForm(DEFAULT_PARAMS);
    w['gamma'] = '0.8';
    w['lambdaTV'] = '-1';
    const q = parseForm(w, 3);
    expect(q.ok).toBe(false);
    if (!q.ok) {
      expect(q.fieldErrors.gamma).toMatch(/gamma must be in/);
      expect(q.fieldErrors.lambdaTV).toMatch(/≥ 0/);
      expect(q.problems).toHaveLength(2);
    }
  });

  it('takes a weighting mode or one positive weight per element', () => {
    const v = toForm(DEFAULT_PARAMS);
    v['weighting'] = 'tutorial';
    expect(parseForm(v, 3)).toMatchObject({ ok: true, params: { weighting: 'tutorial' } });
    v['weighting'] = '1, 0.5 2';
    expect(parseForm(v, 3)).toMatchObject({ ok: true, params: { weighting: [1, 0.5, 2] } });
    v['weighting'] = '1, 2';
    const r = parseForm(v, 3);
    expect(!r.ok && r.fieldErrors.weighting).toBe('2 weights for 3 elements');
    v['weighting'] = '1, -2, 3';
    expect(parseForm(v, 3).ok).toBe(false);
  });

  it('keeps fields the form does not show from the base parameters', () => {
    const base = { ...DEFAULT_PARAMS, stepHaadf: 0.25 };
    const r = parseForm(toForm(base), 3, base);
    expect(r.ok && r.params.stepHaadf).toBe(0.25);
  });
});
