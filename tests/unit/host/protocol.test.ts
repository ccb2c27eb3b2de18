import { describe, expect, it } from 'vitest';
import { forkChannel } from '../../../src/compute/host/channel.js';
import { serveCompute } from '../../../src/compute/host/compute-process.js';
import type { Port } from '../../../src/compute/host/port.js';
import {
  validateComputeMessage, validateHostMessage, type ComputeMessage, type HostMessage,
} from '../../../src/compute/host/protocol.js';
import { rng } from '../helpers.js';
import { fuseHere, fuseRequest, params } from './fixtures.js';

/** A random value of any shape the structured clone can carry. */
function randomValue(r: () => number, depth = 0): unknown {
  const pick = Math.floor(r() * (depth > 2 ? 9 : 12));
  switch (pick) {
    case 0: return null;
    case 1: return undefined;
    case 2: return r() < 0.5;
    case 3: return [0, -1, 1.5, NaN, Infinity, -Infinity, 2 ** 53, 1e300][Math.floor(r() * 8)];
    case 4: return ['', 'fuse', 'cancel', 'done', 'job-1', 'x'.repeat(300), '💥'][Math.floor(r() * 7)];
    case 5: return new Float32Array(Math.floor(r() * 5));
    case 6: return new Float64Array(2);
    case 7: return new Uint8Array(3);
    case 8: return BigInt(7);
    case 9: return Array.from({ length: Math.floor(r() * 4) }, () => randomValue(r, depth + 1));
    default: {
      const o: Record<string, unknown> = {};
      const keys = ['type', 'jobId', 'inputs', 'params', 'options', 'width', 'maps', 'record', 'result', '__proto__x'];
      for (let k = 0; k < 1 + r() * 4; k++) o[keys[Math.floor(r() * keys.length)]!] = randomValue(r, depth + 1);
      return o;
    }
  }
}

/** A copy of `m` with one field, at any depth, replaced, removed or added. */
function mutate(m: unknown, r: () => number): unknown {
  if (typeof m !== 'object' || m === null || ArrayBuffer.isView(m)) return randomValue(r);
  const copy: Record<string, unknown> | unknown[] = Array.isArray(m) ? [...m] : { ...(m as Record<string, unknown>) };
  const keys = Object.keys(copy);
  const key = keys[Math.floor(r() * keys.length)];
  const action = r();
  if (key === undefined || action < 0.1) (copy as Record<string, unknown>)[`extra${Math.floor(r() * 9)}`] = randomValue(r);
  else if (action < 0.25) delete (copy as Record<string, unknown>)[key];
  else if (action < 0.6) (copy as Record<string, unknown>)[key] = randomValue(r);
  else (copy as Record<string, unknown>)[key] = mutate((copy as Record<string, unknown>)[key], r);
  return copy;
}

/** Fuzzed host messages: random values and mutations of a valid request and cancel. */
function fuzzedMessages(count: number, seed: number): unknown[] {
  const r = rng(seed);
  const valid: unknown[] = [fuseRequest('job-x'), { type: 'cancel', jobId: 'job-x', resumable: true }];
  return Array.from({ length: count }, (_, k) => {
    if (k % 4 === 0) return randomValue(r);
    let m: unknown = valid[k % 2];
    for (let t = 0; t < 1 + r() * 3; t++) m = mutate(m, r);
    return m;
  });
}

describe('protocol validators', () => {
  it('accept well-formed messages', () => {
    expect(validateHostMessage(fuseRequest('job-1'))).toMatchObject({ ok: true });
    expect(validateHostMessage({ type: 'cancel', jobId: 'job-1' })).toMatchObject({ ok: true });
    const withOptions = { ...fuseRequest('job-2'), params: params(5, { weighting: [1, 2], stepHaadf: 0.1 }), options: { warmStart: [new Float32Array(4)], backend: 'auto', previewEvery: 2, previewSize: 64 } };
    expect(validateHostMessage(withOptions)).toMatchObject({ ok: true });
    const record = { iteration: 1, level: 'full', haadf: 1, chem: 2, tv: 3, total: 4, stepScale: 1, change: 0.5, elapsedMs: 3 };
    const progress: ComputeMessage = { type: 'progress', jobId: 'j', record: record as never, iterations: 9, preview: { width: 2, height: 1, maps: [new Float32Array(2)] } };
    expect(validateComputeMessage(progress)).toMatchObject({ ok: true });
    expect(validateComputeMessage({ type: 'ready', protocol: 1, pid: 5, threadId: 0 })).toMatchObject({ ok: true });
    expect(validateComputeMessage({ type: 'failed', jobId: 'j', kind: 'input', reason: 'x' })).toMatchObject({ ok: true });
  });

  it('name the field at fault', () => {
    const bad = { ...fuseRequest('job-1'), inputs: { ...fuseRequest('job-1').inputs, haadf: [1, 2, 3] } };
    expect(validateHostMessage(bad)).toEqual({ ok: false, problems: ['inputs.haadf must be a Float32Array (got an array of 3)'] });
    const badParams = { ...fuseRequest('job-1'), params: { ...params(3), gamma: '1.7', sparkle: 1 } };
    const checked = validateHostMessage(badParams);
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.problems.join('\n')).toMatch(/params has unknown field sparkle[\s\S]*params.gamma must be a number/);
    expect(validateHostMessage({ type: 'cancel' })).toMatchObject({ ok: false });
    expect(validateComputeMessage({ type: 'progress', jobId: 'j', record: { level: 'full' }, iterations: 1 })).toMatchObject({ ok: false });
    expect(validateComputeMessage({ type: 'done', jobId: 'j', result: { maps: [] } })).toMatchObject({ ok: false });
  });

  it('check the extras of a done reply against its result (auto, stderr maps: one per element, width × height values)', async () => {
    const inputs = fuseRequest('j').inputs;
    const result = await fuseHere(inputs, params(2));
    const n = result.width * result.height;
    const report = { method: 'solver', units: 'counts', averageStandardError: { Ga: 1, O: null }, averagePixels: { Ga: 3, O: 0 }, haadfNoise: 'x', flooredPixels: 0, singularPixels: 0, note: '' };
    const stderr = { method: 'solver', units: 'counts', maps: [new Float32Array(n), new Float32Array(n)], average: [1, NaN], haadfNoise: 'x', report };
    const auto = { method: 'thinning', score: 'squared', folds: 2, chosen: { lambdaTV: 0.01, lambdaChem: 0.1 }, curve: [{ lambdaTV: 0.01, lambdaChem: 0.1, score: 3 }], notes: [], wallMs: 1 };
    const done = (extras: unknown) => validateComputeMessage({ type: 'done', jobId: 'j', result, extras });
    expect(done({ auto, stderr })).toMatchObject({ ok: true });
    expect(done({})).toMatchObject({ ok: true });
    expect(validateComputeMessage({ type: 'done', jobId: 'j', result })).toMatchObject({ ok: true });
    const problems = (extras: unknown) => { const c = done(extras); return c.ok ? [] : c.problems; };
    expect(problems({ stderr: { ...stderr, maps: [new Float32Array(n)] } }).join()).toMatch(/extras.stderr.maps holds 1 maps, expected 2/);
    expect(problems({ stderr: { ...stderr, maps: [new Float32Array(n), new Float32Array(n - 1)] } }).join()).toMatch(/extras.stderr.maps\[1\]/);
    expect(problems({ stderr: { ...stderr, average: [1] } }).join()).toMatch(/average/);
    expect(problems({ auto: { ...auto, curve: [{ lambdaTV: 'x' }] } }).join()).toMatch(/extras.auto.curve\[0\].lambdaTV/);
    expect(problems({ sparkle: 1 }).join()).toMatch(/unknown field sparkle/);
    expect(problems(7).join()).toMatch(/extras/);
    expect(validateHostMessage({ ...fuseRequest('j'), options: { auto: 'yes' } })).toMatchObject({ ok: false });
    expect(validateHostMessage({ ...fuseRequest('j'), options: { auto: true, stderr: true } })).toMatchObject({ ok: true });
  });

  it('reject hundreds of fuzzed messages without throwing', () => {
    const messages = fuzzedMessages(600, 11);
    let rejected = 0;
    for (const m of messages) {
      const a = validateHostMessage(m), b = validateComputeMessage(m);
      if (!a.ok) { rejected++; expect(a.problems.length).toBeGreaterThan(0); expect(a.problems.every((p) => typeof p === 'string')).toBe(true); }
      expect(b.ok).toBe(false);
    }
    expect(rejected).toBeGreaterThan(550);
  });
});

/** A Port in this thread, for serveCompute() without a process around it. */
function loopbackPort(): { port: Port; sent: ComputeMessage[]; deliver(m: unknown): void } {
  let listener: (m: unknown) => void = () => undefined;
  const sent: ComputeMessage[] = [];
  return {
    port: { postMessage: (m) => sent.push(m), on: (_e, l) => { listener = l; } },
    sent,
    deliver: (m) => listener(m),
  };
}

const waitFor = async (condition: () => boolean, ms = 20_000): Promise<void> => {
  const until = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe('the compute process under fuzzed messages', () => {
  it('answers every malformed message in-process and keeps serving', async () => {
    const { port, sent, deliver } = loopbackPort();
    serveCompute(port);
    expect(sent[0]).toMatchObject({ type: 'ready', pid: process.pid });
    const invalid = fuzzedMessages(300, 5).filter((m) => !validateHostMessage(m).ok);
    for (const m of invalid) expect(() => deliver(m)).not.toThrow();
    expect(sent.slice(1).every((m) => m.type === 'rejected' || (m.type === 'failed' && m.kind === 'protocol'))).toBe(true);
    expect(sent.length - 1).toBe(invalid.length);
    deliver(fuseRequest('after-fuzz'));
    await waitFor(() => sent.some((m) => m.type === 'done' && m.jobId === 'after-fuzz'));
  });

  it('keeps a forked compute process serving after hundreds of malformed messages', async () => {
    const channel = forkChannel();
    const replies: ComputeMessage[] = [];
    channel.onMessage((m) => { const c = validateComputeMessage(m); if (c.ok) replies.push(c.value); });
    let exited = '';
    channel.onExit((reason) => { exited = reason; });
    try {
      await waitFor(() => replies.some((m) => m.type === 'ready'));
      const sendable = (m: unknown): boolean => m !== null && ['object', 'string', 'number', 'boolean'].includes(typeof m); // what child.send() takes
      const invalid = fuzzedMessages(300, 23).filter((m) => sendable(m) && !validateHostMessage(m).ok);
      expect(invalid.length).toBeGreaterThan(250);
      for (const m of invalid) channel.send(m as HostMessage);
      channel.send(fuseRequest('after-fuzz'));
      await waitFor(() => replies.some((m) => m.type === 'done' || exited !== ''));
      expect(exited).toBe('');
      const answers = replies.filter((m) => m.type === 'rejected' || (m.type === 'failed' && m.kind === 'protocol'));
      expect(answers).toHaveLength(invalid.length);
      expect(replies.at(-1)).toMatchObject({ type: 'done', jobId: 'after-fuzz' });
    } finally {
      await channel.close();
    }
  });
});

describe('a spectrum request whose answer cannot be posted', () => {
  it('is answered with a spectrum failure saying why, so the host’s promise settles', async () => {
    const sent: ComputeMessage[] = [];
    let listener: (m: unknown) => void = () => undefined;
    let refusals = 0;
    const port: Port = {
      postMessage: (m) => { if (m.type === 'spectrum-failed' && m.file !== null && refusals++ === 0) throw new Error('could not be cloned'); sent.push(m); },
      on: (_e, l) => { listener = l; },
    };
    serveCompute(port);
    listener({ type: 'spectrum', requestId: 'spectrum-1', operation: { op: 'summary', file: '/no/such/si.dm4' } });
    await waitFor(() => sent.some((m) => m.type === 'spectrum-failed'));
    expect(refusals).toBe(1);
    expect(sent.find((m) => m.type === 'spectrum-failed')).toMatchObject({ requestId: 'spectrum-1', file: null, reason: expect.stringMatching(/could not send the answer: could not be cloned/) });
  });
});
