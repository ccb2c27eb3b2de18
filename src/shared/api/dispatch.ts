// dispatch(): one raw request in, one reply out. Validates the request, enforces read-only, calls the service,
// validates its result. Never throws and never rejects: whatever arrives gets a reply.

import { ApiError, errorReply, type Reply } from './errors.js';
import { describeIssues } from './events.js';
import { isMethod, METHODS, type Method, type MethodSpec } from './methods.js';
import type { FusemService } from './service.js';

export interface DispatchOptions {
  /** Refuse requests that change anything (`forbidden`): a remote watcher's `fusem serve --read-only`. */
  readOnly?: boolean;
  /** Told about every `internal` error (a thrown non-ApiError, an invalid result), for logging. */
  onInternalError?: (method: Method, error: unknown) => void;
}

const describeName = (v: unknown): string => JSON.stringify(typeof v === 'string' ? v.slice(0, 80) : typeof v);

/** `raw` is `{ method, params }` as it arrived (JSON-parsed, or structured-cloned over IPC). */
export async function dispatch(service: FusemService, raw: unknown, options: DispatchOptions = {}): Promise<Reply<unknown>> {
  try {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return errorReply('bad-request', 'a request must be an object { method, params }');
    const { method, params } = raw as { method?: unknown; params?: unknown };
    if (typeof method !== 'string') return errorReply('bad-request', 'a request needs a method name (a string)');
    if (!isMethod(method)) return errorReply('bad-request', `unknown method ${describeName(method)}`);
    const spec: MethodSpec = METHODS[method];
    const refuse = () => errorReply('forbidden', `${method} changes things and this connection is read-only${method === 'project.open' ? ' (open it with readOnly: true to view it)' : ''}`);
    if (options.readOnly && spec.mutates && !spec.viewOnly) return refuse();

    const parsed = spec.params.safeParse(params === undefined ? {} : params);
    // a read-only connection gets a view-only request through, and nothing else that mutates, valid or not
    if (options.readOnly && spec.mutates && !(parsed.success && spec.viewOnly?.(parsed.data))) return refuse();
    if (!parsed.success) return errorReply('bad-request', `${method}: ${describeIssues(parsed.error, 'params')}`);

    let result: unknown;
    try {
      const call = service[method] as unknown;
      if (typeof call !== 'function') throw new Error(`the backend does not implement ${method}`);
      result = await (call as (p: unknown) => Promise<unknown>).call(service, parsed.data);
    } catch (e) {
      if (e instanceof ApiError) return errorReply(e.code, e.message);
      options.onInternalError?.(method, e);
      return errorReply('internal', `${method} failed: ${e instanceof Error ? e.message : String(e)}`);
    }

    const checked = spec.result.safeParse(result);
    if (!checked.success) {
      const problem = `the backend answered ${method} with an invalid result (${describeIssues(checked.error, 'result')})`;
      options.onInternalError?.(method, new Error(problem));
      return errorReply('internal', problem);
    }
    return { ok: true, result: checked.data };
  } catch (e) {
    // Only a bug here (a getter on hostile input, a validator throwing) gets this far.
    return errorReply('internal', `dispatch failed: ${e instanceof Error ? e.message : String(e)}`);
  }
}
