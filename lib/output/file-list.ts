import * as fs from 'node:fs';
import * as path from 'node:path';
import { OutputError, fileStep } from './output-error';

/** The file, in each output root, that lists the files synthesis wrote there. */
export const FILE_LIST = '.cdk-fleet-files.json';

/** An entry of a previous file list that synthesis did not act on, and why. */
export interface IgnoredEntry {
  /** The entry as it stands in the list (any JSON value). */
  readonly entry: unknown;
  readonly reason: string;
}

/** The files the previous synthesis wrote in a root, as far as they can be trusted. */
export interface PreviousFiles {
  /** Paths relative to the root, each inside it. */
  readonly files: readonly string[];
  /** Entries that are not such a path: never removed, reported. */
  readonly ignored: readonly IgnoredEntry[];
}

/**
 * Reads the previous file list of the root `directory` (an absolute path). The list is data from the disk, not
 * from us: anyone with write access to the output (a pull request, a tool) can change it. So every entry must be
 * a relative path that stays inside the root once resolved; the others are ignored and reported, and a list
 * that is not a JSON array fails synthesis, before anything is written, with a message that names it.
 */
export function readPreviousFiles(directory: string): PreviousFiles {
  const file = path.join(directory, FILE_LIST);
  const text = readIfExists(file);
  if (text === undefined) return { files: [], ignored: [] };
  let list: unknown;
  try {
    list = JSON.parse(text);
  } catch (e) {
    throw corrupt(file, `it is not JSON (${(e as Error).message})`);
  }
  if (!Array.isArray(list)) throw corrupt(file, 'it is not a JSON array of file paths');
  const files: string[] = [];
  const ignored: IgnoredEntry[] = [];
  const seen = new Set<string>();
  for (const entry of list as unknown[]) {
    const reason = entryProblem(directory, entry);
    if (reason !== undefined) ignored.push({ entry, reason });
    else if (!seen.has(entry as string)) {
      seen.add(entry as string);
      files.push(entry as string);
    }
  }
  return { files, ignored };
}

/** The files the previous synthesis wrote under `directory`, inside it (see {@link readPreviousFiles}). */
export function readFileList(directory: string): string[] {
  return [...readPreviousFiles(path.resolve(directory)).files];
}

function corrupt(file: string, what: string): OutputError {
  return new OutputError(
    `${file} is not a file list cdk-fleet wrote: ${what}; nothing was written. Restore it from version control, `
    + `or delete it (the next synthesis then removes no file of the previous one; delete stale files by hand)`,
    file,
  );
}

/** Why `entry` is not a path synthesis may remove from the root `directory`; `undefined` when it is one. */
function entryProblem(directory: string, entry: unknown): string | undefined {
  if (typeof entry !== 'string' || entry.length === 0) return 'not a path';
  if (entry.includes('\0')) return 'holds a NUL character';
  if (path.isAbsolute(entry) || path.win32.isAbsolute(entry)) return 'an absolute path';
  if (entry.split(/[\\/]/).includes('..')) return 'climbs out with ".."';
  if (!isInside(directory, path.resolve(directory, entry))) return 'resolves outside the folder';
  if (path.basename(entry) === FILE_LIST) return 'the file list itself';
  return undefined;
}

/** Whether `target` (absolute) is `root` (absolute) or below it, by their names. */
export function isInside(root: string, target: string): boolean {
  const relative = path.relative(root, target);
  return relative === '' || (!relative.startsWith(`..${path.sep}`) && relative !== '..' && !path.isAbsolute(relative));
}

/** The content of `file`, or `undefined` where there is none. */
export function readIfExists(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return undefined;
    return fileStep('read', file, () => {
      throw e;
    });
  }
}
