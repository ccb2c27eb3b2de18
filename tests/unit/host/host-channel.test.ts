// The host against scripted compute channels (the `spawn` extension point src/main uses for Electron).

import { describe, expect, it } from 'vitest';
import type { ComputeChannel } from '../../../src/compute/host/channel.js';
import { ComputeHost, ComputeJobError, type HostEvent } from '../../../src/compute/host/compute-host.js';
import { PROTOCOL_VERSION, type HostMessage } from '../../../src/compute/host/protocol.js';
import { filmInputs, params } from './fixtures.js';

/** A channel whose compute side is the function `serve`, answering each host message with messages. */
function scripted(serve: (m: HostMessage, reply: (m: unknown) => void, exit: (reason: string) => void) => void, ready = true): ComputeChannel {
  let onMessage: (m: unknown) => void = () => undefined;
  const exits: ((reason: string) => void)[] = [];
  let ended: string | null = null;
  const exit = (reason: string): void => { if (ended === null) { ended = reason; for (const l of exits) l(reason); } };
  const reply = (m: unknown): void => { setTimeout(() => { if (ended === null) onMessage(m); }, 1); };
  if (ready) reply({ type: 'ready', protocol: PROTOCOL_VERSION, pid: 4242, threadId: 0 });
  return {
    pid: 4242,
    send: (m) => serve(m, reply, exit),
    onMessage: (l) => { onMessage = l; },
    onExit: (l) => { if (ended !== null) l(ended); else exits.push(l); },
    close: async () => exit('closed'),
  };
}

const spec = () => ({ inputs: filmInputs(16), params: params(2) });

describe('ComputeHost recovery and validation of replies', () => {
  it('fails queued jobs when the compute process dies at start-up three times, and tries again on the next submit', async () => {
    let spawned = 0;
    const events: HostEvent[] = [];
    const host = new ComputeHost({
      spawn: () => {
        spawned++;
        const ch = scripted(() => undefined, false);
        setTimeout(() => void ch.close(), 2);
        return ch;
      },
    });
    host.on((e) => events.push(e));
    const job = host.submit(spec());
    await expect(job.result).rejects.toThrow(/the compute process cannot start: closed/);
    expect(spawned).toBe(3);
    expect(events.filter((e) => e.type === 'process-exited').map((e) => (e as { restarting: boolean }).restarting)).toEqual([true, true, false]);
    const again = host.submit(spec());
    await expect(again.result).rejects.toBeInstanceOf(ComputeJobError);
    expect(spawned).toBe(6);
    await host.dispose();
  });

  it('fails a job whose reply is malformed, and ignores replies for jobs that are not running', async () => {
    const problems: string[][] = [];
    const host = new ComputeHost({
      spawn: () => scripted((m, reply) => {
        if (m.type !== 'fuse') return;
        reply({ type: 'done', jobId: 'job-999', result: {} });
        reply({ type: 'progress', jobId: m.jobId, record: { level: 'sideways' }, iterations: 2 });
      }),
    });
    host.on((e) => { if (e.type === 'protocol-error') problems.push(e.problems); });
    const error: unknown = await host.submit(spec()).result.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ComputeJobError);
    expect((error as ComputeJobError).kind).toBe('protocol');
    expect((error as ComputeJobError).message).toMatch(/malformed reply from the compute process: message.record.level must be one of coarse, full/);
    expect(problems.length).toBe(2);
    await host.dispose();
  });

  it('fails unfinished jobs on dispose()', async () => {
    const host = new ComputeHost({ spawn: () => scripted(() => undefined) });
    const a = host.submit(spec()), b = host.submit({ ...spec(), priority: 'batch' });
    await new Promise((r) => setTimeout(r, 20));
    expect(host.jobs().map((j) => j.state)).toEqual(['running', 'queued']);
    await host.dispose();
    await expect(a.result).rejects.toThrow(/disposed/);
    await expect(b.result).rejects.toMatchObject({ kind: 'disposed' });
  });
});
