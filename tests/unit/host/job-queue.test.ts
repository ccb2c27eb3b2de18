import { describe, expect, it } from 'vitest';
import { JobQueue, type QueueEvent } from '../../../src/compute/host/job-queue.js';

describe('JobQueue', () => {
  it('runs one job at a time, preview before interactive before batch, oldest first', () => {
    const q = new JobQueue<string>();
    q.add('b1', 'batch', 'b1');
    q.add('i1', 'interactive', 'i1');
    q.add('p1', 'preview', 'p1');
    q.add('i2', 'interactive', 'i2');
    expect(q.waiting().map((j) => j.id)).toEqual(['p1', 'i1', 'i2', 'b1']);
    const order: string[] = [];
    for (let job = q.startNext(); job; job = q.startNext()) {
      expect(q.startNext()).toBeUndefined(); // one at a time
      order.push(job.id);
      q.finish(job.id, 'done');
    }
    expect(order).toEqual(['p1', 'i1', 'i2', 'b1']);
    expect(q.all()).toEqual([]);
  });

  it('says when a waiting preview job should pre-empt a running batch job, and requeues the batch job first among batch jobs', () => {
    const q = new JobQueue<number>();
    const events: QueueEvent<number>[] = [];
    q.on((e) => events.push(e));
    q.add('b1', 'batch', 0);
    q.add('b2', 'batch', 0);
    expect(q.startNext()?.id).toBe('b1');
    q.add('i1', 'interactive', 0);
    expect(q.preemptionDue()).toBeUndefined(); // interactive jobs wait their turn
    q.add('p1', 'preview', 0);
    expect(q.preemptionDue()).toMatchObject({ victim: { id: 'b1' }, by: { id: 'p1' } });
    q.requeue('b1', 'p1', 42);
    expect(q.get('b1')).toMatchObject({ state: 'queued', preemptions: 1, payload: 42 });
    expect(events.some((e) => e.type === 'preempted' && e.job.id === 'b1' && e.by.id === 'p1')).toBe(true);
    expect(q.waiting().map((j) => j.id)).toEqual(['p1', 'i1', 'b1', 'b2']);
    // a preview job does not pre-empt an interactive job
    expect(q.startNext()?.id).toBe('p1');
    q.finish('p1', 'done');
    expect(q.startNext()?.id).toBe('i1');
    q.add('p2', 'preview', 0);
    expect(q.preemptionDue()).toBeUndefined();
  });

  it('cancels queued jobs at once and leaves running ones to the host; reports every state change', () => {
    const q = new JobQueue<null>();
    const states: string[] = [];
    q.on((e) => { if (e.type === 'state') states.push(`${e.job.id}:${e.previous ?? '-'}→${e.state}`); });
    q.add('a', 'interactive', null);
    q.add('b', 'interactive', null);
    q.startNext();
    expect(q.cancel('b')).toBe('cancelled');
    expect(q.cancel('a')).toBe('running');
    expect(q.cancel('zzz')).toBe(false);
    q.finish('a', 'cancelled', 'by the user');
    expect(q.cancel('a')).toBe(false);
    expect(states).toEqual(['a:-→queued', 'b:-→queued', 'a:queued→running', 'b:queued→cancelled', 'a:running→cancelled']);
    expect(() => q.requeue('a', 'x')).toThrow(/not running/);
    q.add('c', 'batch', null);
    expect(() => q.add('c', 'batch', null)).toThrow(/already/);
  });
});
