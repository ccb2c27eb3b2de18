// One bounds table for the numeric parameters (compute/solve/params.ts), strict decimal parsing on the command line,
// and --threads ≤ 2 × cores. Before issue 14: `--gamma 0x2` was taken as 2, `--lambda-tv 1e300` and `--step 1e30`
// were accepted (all-zero maps, an exit-1 stack trace), and `--threads 100000` started 1,076 threads.

import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { parseArgs, parseDecimal, threadsOption, UsageError } from '../../../src/cli/args.js';
import { paramsFromArgs, PARAM_OPTIONS } from '../../../src/cli/params-from-args.js';
import { DEFAULT_PARAMS, PARAM_BOUNDS, validateParams, type FusionParams } from '../../../src/compute/solve/params.js';
import { FusionParamsSchema } from '../../../src/shared/api/schemas/common.js';

const parse = (argv: string[]) => paramsFromArgs(parseArgs(argv, [...PARAM_OPTIONS], []));

describe('strict decimal numbers', () => {
  it('accepts plain decimals and refuses hex, half exponents, Infinity, NaN and blanks', () => {
    for (const [text, v] of [['2', 2], ['-0.5', -0.5], ['.5', 0.5], ['3e-4', 3e-4], ['1E2', 100], [' 7 ', 7]] as const) expect(parseDecimal(text)).toBe(v);
    for (const text of ['0x2', '1e', 'Infinity', '-Infinity', 'NaN', '', ' ', '1_000', '0b1', '1e400', '2,5', '--1']) expect(parseDecimal(text)).toBeNull();
  });

  it('--gamma 0x2 is refused with a message saying what a number looks like', () => {
    expect(() => parse(['--gamma', '0x2'])).toThrow(UsageError);
    expect(() => parse(['--gamma', '0x2'])).toThrow(/--gamma must be a number \(got "0x2"\): a plain decimal/);
    expect(() => parse(['--eps', '1e'])).toThrow(/--eps must be a number \(got "1e"\)/);
    expect(() => parse(['--weighting', '1,0x2'])).toThrow(/--weighting/);
  });
});

describe('the bounds table', () => {
  const problems = (p: Partial<FusionParams>) => validateParams({ ...DEFAULT_PARAMS, ...p }, 3);

  it('refuses values past the bounds that flatten or overflow a fusion, with the range in the message', () => {
    expect(problems({ lambdaTV: 1e300 })).toEqual(['lambda-tv must be ≤ 100 (got 1e+300)']);
    expect(problems({ lambdaChem: 1e308 })[0]).toBe('lambda-chem must be ≤ 10000 (got 1e+308)');
    expect(problems({ stepHaadf: 1e30 })[0]).toBe('step must be ≤ 100 (got 1e+30)');
    expect(problems({ gamma: 1 })[0]).toBe('gamma must be in (1, 3], physically 1.4–2 (got 1)');
    expect(problems({ iterations: 2.5 })[0]).toMatch(/^iters must be an integer from 1 to 100000/);
    expect(problems({ eps: 0 })[0]).toBe('eps must be > 0 (got 0)');
    expect(problems({ weighting: [1, 2, 1e7] })[0]).toMatch(/custom weights must be positive numbers up to 1000000/);
  });

  it('accepts the defaults, the reference preset and the edges of every range', () => {
    expect(problems({})).toEqual([]);
    expect(parse(['--preset', 'reference'])).toMatchObject({ gamma: 1.6 });
    for (const [key, b] of Object.entries(PARAM_BOUNDS)) {
      expect(problems({ [key]: b.max })).toEqual([]);
      if (!('above' in b)) expect(problems({ [key]: b.min })).toEqual([]);
    }
  });

  it('is the same table the API validates with', () => {
    expect(FusionParamsSchema.safeParse({ ...DEFAULT_PARAMS, lambdaTV: 1e300 }).success).toBe(false);
    expect(FusionParamsSchema.safeParse({ ...DEFAULT_PARAMS, stepHaadf: 1e30 }).success).toBe(false);
    expect(FusionParamsSchema.safeParse({ ...DEFAULT_PARAMS, lambdaTV: 100 }).success).toBe(true);
  });
});

describe('--threads', () => {
  const threads = (v: string) => threadsOption(parseArgs(['--threads', v], ['threads'], []));
  it('allows 1 to twice the cores and refuses more, naming the machine', () => {
    const max = 2 * availableParallelism();
    expect(threads(String(max))).toBe(max);
    expect(threads('1')).toBe(1);
    expect(() => threads(String(max + 1))).toThrow(new RegExp(`--threads must be an integer from 1 to ${max} \\(got ${max + 1}\\) on this machine of ${availableParallelism()} cores`));
    expect(() => threads('100000')).toThrow(UsageError);
    expect(() => threads('0')).toThrow(UsageError);
  });
});
