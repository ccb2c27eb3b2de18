// Issue 9: a data term is one module registered in one place; the CLI, the API schema and the Fuse form read the
// names from that registry instead of each keeping its own list.

import { describe, expect, it } from 'vitest';
import { USAGES } from '../../../src/cli/usage.js';
import { paramsFromArgs } from '../../../src/cli/params-from-args.js';
import { parseArgs } from '../../../src/cli/args.js';
import { DATA_TERMS, DATA_TERM_CHOICES } from '../../../src/compute/model/data-terms/index.js';
import { DEFAULT_PARAMS, validateParams } from '../../../src/compute/solve/params.js';
import { FIELDS } from '../../../src/renderer/src/panels/params-form.js';
import { FusionParamsSchema } from '../../../src/shared/api/schemas/common.js';

const registered = Object.keys(DATA_TERMS);

describe('data-term names come from the registry', () => {
  it('the choices are auto, every registered term, and lsq-variances (least squares weighted by per-pixel variances, issue 11)', () => {
    expect(DATA_TERM_CHOICES).toEqual(['auto', ...registered, 'lsq-variances']);
    expect(registered.length).toBeGreaterThanOrEqual(2);
  });

  it('the API schema, the CLI, validateParams and the Fuse form accept exactly those', () => {
    for (const name of DATA_TERM_CHOICES) {
      expect(FusionParamsSchema.safeParse({ ...DEFAULT_PARAMS, dataTerm: name }).success, name).toBe(true);
      expect(paramsFromArgs(parseArgs(['--data-term', name], ['data-term'], [])).dataTerm).toBe(name);
      expect(validateParams({ ...DEFAULT_PARAMS, dataTerm: name }, 3), name).toEqual([]);
    }
    expect(FusionParamsSchema.safeParse({ ...DEFAULT_PARAMS, dataTerm: 'huber' }).success).toBe(false);
    expect(() => paramsFromArgs(parseArgs(['--data-term', 'huber'], ['data-term'], []))).toThrow(/--data-term must be auto or poisson or lsq/);
    expect(validateParams({ ...DEFAULT_PARAMS, dataTerm: 'huber' as never }, 3).join()).toMatch(/data-term must be auto, poisson, lsq/);
    expect(FIELDS.find((f) => f.key === 'dataTerm')!.options).toEqual(DATA_TERM_CHOICES);
    expect(USAGES.fuse).toContain(`--data-term ${DATA_TERM_CHOICES.join('|')}`);
  });
});
