import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileStep } from './output-error';

/** One change a commit made to an output root, and how to undo it. */
type Step =
  | { readonly kind: 'created-folder'; readonly folder: string }
  | { readonly kind: 'moved'; readonly from: string; readonly to: string };

/**
 * The changes a commit made to the output roots, in order, so that a commit that fails at any step can put every
 * root back as it was. A commit never deletes nor overwrites a file of the previous output: it moves it aside
 * (into the root's backup folder, beside the root, on the same file system, so a move is a rename) and deletes
 * the backups only once every root is committed.
 */
export class CommitJournal {
  private readonly steps: Step[] = [];

  /**
   * Moves `from` to `to` (both absolute), creating the folders `to` needs, and records it. An error names `named`,
   * the path in the output root, and what was being done to it (`doing`).
   */
  public move(from: string, to: string, doing: string, named: string): void {
    this.ensureFolder(path.dirname(to));
    fileStep(doing, named, () => fs.renameSync(from, to));
    this.steps.push({ kind: 'moved', from, to });
  }

  /** Creates `folder` and the missing folders above it, recording each one created. */
  public ensureFolder(folder: string): void {
    const missing: string[] = [];
    for (let dir = folder; !exists(dir); dir = path.dirname(dir)) {
      missing.unshift(dir);
      if (path.dirname(dir) === dir) break;
    }
    for (const dir of missing) {
      fileStep('create the folder', dir, () => fs.mkdirSync(dir));
      this.steps.push({ kind: 'created-folder', folder: dir });
    }
  }

  /**
   * Undoes every recorded step, last first. Keeps going past a step that cannot be undone and returns the errors,
   * so the caller reports them beside the error that made it roll back, never instead of it.
   */
  public rollBack(): Error[] {
    const errors: Error[] = [];
    for (const step of this.steps.reverse()) {
      try {
        if (step.kind === 'moved') fileStep('move back', step.from, () => fs.renameSync(step.to, step.from));
        else fs.rmdirSync(step.folder);
      } catch (e) {
        // A folder we created is not empty only if something else wrote into it meanwhile: leave it.
        if ((e as NodeJS.ErrnoException).code === 'ENOTEMPTY' && step.kind === 'created-folder') continue;
        errors.push(e as Error);
      }
    }
    this.steps.length = 0;
    return errors;
  }
}

/** Whether there is anything (a file, a folder, a link) at `file`, without following a link. */
export function exists(file: string): boolean {
  try {
    fs.lstatSync(file);
    return true;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return false;
    throw e;
  }
}
