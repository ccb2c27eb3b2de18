// Bad input is a value, not a crash: an error that names the file and the problem.

/** Input the user can fix: a missing, unreadable or inconsistent file or parameter. CLI exit status 2. */
export class InputError extends Error {
  override readonly name = 'InputError';
  /** The file (or parameter) at fault, as the user named it. */
  readonly file: string;
  constructor(file: string, problem: string) {
    super(`${file}: ${problem}`);
    this.file = file;
  }
}

export function isInputError(e: unknown): e is InputError {
  return e instanceof InputError;
}
