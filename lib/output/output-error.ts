/**
 * A file-system step of synthesis failed. The message names the path, what synthesis was doing there and what to
 * do about it; `cause` is the error of the file system.
 */
export class OutputError extends Error {
  constructor(
    message: string,
    /** The file or folder the failed step was about. */
    public readonly path: string,
    options?: { readonly cause?: unknown },
  ) {
    super(message, options);
    this.name = 'OutputError';
  }
}

/** What the user can do about a file-system error, by its code. */
function adviceFor(code: string | undefined): string {
  switch (code) {
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return 'make it writable (permissions, read-only mount, immutable attribute) or choose another outdir';
    case 'ENOSPC':
    case 'EDQUOT':
      return 'free some space on its file system';
    case 'ENOTDIR':
    case 'EEXIST':
      return 'a file stands where synthesis needs a folder; move it away';
    case 'EISDIR':
    case 'ENOTEMPTY':
      return 'a folder stands where synthesis writes a file; move it away';
    case 'ENAMETOOLONG':
      return 'choose a shorter outdir';
    default:
      return 'check the path, then synthesize again';
  }
}

/**
 * Runs one file-system step; an error of the file system becomes an {@link OutputError} that names `path`, what
 * was being done (`doing`, e.g. "move the new version into place") and what to do.
 */
export function fileStep<T>(doing: string, path: string, step: () => T): T {
  try {
    return step();
  } catch (e) {
    if (e instanceof OutputError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    const reason = code ?? (e instanceof Error ? e.message : String(e));
    throw new OutputError(`Could not ${doing} ${path} (${reason}); ${adviceFor(code)}`, path, { cause: e });
  }
}
