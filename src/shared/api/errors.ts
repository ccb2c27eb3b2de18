// Errors are values at the API boundary: every failed request gets `{ ok: false, error: { code, message } }`.
// No zod here: the preload and the wire codec use these without the validators.

/**
 * - `bad-request`: the message is malformed (not JSON, wrong shape, unknown method, too large, bad params);
 * - `not-found`: an unknown project, dataset, result or job;
 * - `input`: a file or the data cannot be used (unreadable, wrong shape...); the message names it;
 * - `conflict`: the state does not allow it now (no project open, locked by another fusem, already watching...);
 * - `forbidden`: a mutating request to a read-only server or project;
 * - `internal`: a bug or an unexpected failure of the backend.
 */
export type ApiErrorCode = 'bad-request' | 'not-found' | 'input' | 'conflict' | 'forbidden' | 'internal';

export const API_ERROR_CODES: readonly ApiErrorCode[] = ['bad-request', 'not-found', 'input', 'conflict', 'forbidden', 'internal'];

export interface ApiErrorBody {
  code: ApiErrorCode;
  /** One sentence the UI can show. */
  message: string;
}

export interface OkReply<R> {
  ok: true;
  result: R;
}

export interface ErrorReply {
  ok: false;
  error: ApiErrorBody;
}

/** What a request gets back, over either transport. */
export type Reply<R> = OkReply<R> | ErrorReply;

/** Longest error message sent (a longer one is cut): keeps replies to hostile input small. */
export const MAX_ERROR_MESSAGE = 300;

export function errorReply(code: ApiErrorCode, message: string): ErrorReply {
  const text = message.length > MAX_ERROR_MESSAGE ? `${message.slice(0, MAX_ERROR_MESSAGE - 1)}…` : message;
  return { ok: false, error: { code, message: text } };
}

export function isApiErrorCode(v: unknown): v is ApiErrorCode {
  return typeof v === 'string' && (API_ERROR_CODES as readonly string[]).includes(v);
}

/**
 * What a service throws to answer with a typed error; anything else it throws becomes `internal`.
 * The client side rejects with one too, so callers branch on `code` alike in main and in the renderer.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(readonly code: ApiErrorCode, message: string) {
    super(message);
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}
