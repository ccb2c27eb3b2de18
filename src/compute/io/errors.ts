// Bad input is a value, not a crash: an error that names the file and the problem, in one short printable line.

/** Longest file name an error quotes (longer ones keep their end: the name matters most). */
export const MAX_QUOTED_FILE = 85;
/** Longest problem an error states. */
export const MAX_PROBLEM = 212;

/**
 * `text` as one printable line of at most `max` characters: control characters, line breaks and undecodable bytes
 * become "?", and what is cut is marked with "…": the end (`cut: 'end'`, for quoting bad bytes and labels), the
 * start ('start', for paths: the name matters most) or the middle ('middle', for sentences: the remedy is at the end).
 */
export function excerpt(text: string, max = 40, cut: 'end' | 'start' | 'middle' = 'end'): string {
  // C0/C1 controls, DEL, line/paragraph separators, the replacement character
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufffd]/g, '?');
  if (clean.length <= max) return clean;
  if (cut === 'start') return `…${clean.slice(clean.length - (max - 1))}`;
  if (cut === 'middle') {
    const head = Math.floor((max - 1) * 0.45);
    return `${clean.slice(0, head)}…${clean.slice(clean.length - (max - 1 - head))}`;
  }
  return `${clean.slice(0, max - 1)}…`;
}

/** Input the user can fix: a missing, unreadable or inconsistent file or parameter. CLI exit status 2. */
export class InputError extends Error {
  override readonly name = 'InputError';
  /** The file (or parameter) at fault, as the user named it. */
  readonly file: string;
  constructor(file: string, problem: string) {
    super(`${excerpt(file, MAX_QUOTED_FILE, 'start')}: ${excerpt(problem, MAX_PROBLEM, 'middle')}`);
    this.file = file;
  }
}

/** An InputError raised in another process (the compute process), its message kept as it was there (naming the file). */
export function inputErrorFrom(file: string, message: string): InputError {
  const e = new InputError(file, '');
  e.message = message;
  return e;
}

export function isInputError(e: unknown): e is InputError {
  return e instanceof InputError;
}
