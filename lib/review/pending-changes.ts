import * as fs from 'node:fs';
import * as path from 'node:path';
import { FILE_LIST, type StagedOutput } from '../output/staged-output';

/** A file that a commit would add, change or remove. */
export interface PendingFile {
  /** Relative to the root. */
  readonly path: string;
  /** The previous content; absent for a new file. */
  readonly before?: string;
  /** The staged content; absent for a file that no longer belongs. */
  readonly after?: string;
}

/** The pending changes of one output root. */
export interface PendingRoot {
  /** The root's name (`kubernetes`, `terraform`, ...). */
  readonly name: string;
  /** The folder it is written to. */
  readonly directory: string;
  /** Whether a previous synthesis wrote this root (its file list exists). */
  readonly hadPreviousOutput: boolean;
  /** Its files, previous and staged. */
  readonly files: readonly PendingFile[];
}

/**
 * What committing `output` would change, read before the commit replaces the previous output: per root, each file
 * that is new, changed or no longer belongs, with both contents. Files left untouched are not read, so a synthesis
 * that changes little reads little.
 */
export function pendingChanges(output: StagedOutput): PendingRoot[] {
  return output.rootNames.map((name) => {
    const root = output.files(name);
    const staged = new Set(root.staged);
    const files: PendingFile[] = [];
    for (const file of root.staged) {
      if (root.unchanged.has(file)) continue;
      const before = readIfExists(path.join(root.directory, file));
      files.push({ path: file, ...(before !== undefined ? { before } : {}), after: fs.readFileSync(root.stagedPath(file), 'utf8') });
    }
    for (const file of root.previous) {
      if (staged.has(file)) continue;
      const before = readIfExists(path.join(root.directory, file));
      files.push({ path: file, ...(before !== undefined ? { before } : {}) });
    }
    const hadPreviousOutput = root.previous.length > 0 || fs.existsSync(path.join(root.directory, FILE_LIST));
    return { name, directory: root.directory, hadPreviousOutput, files };
  });
}

function readIfExists(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return undefined;
    throw e;
  }
}
