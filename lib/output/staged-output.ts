import * as fs from 'node:fs';
import * as path from 'node:path';
import { CommitJournal, exists } from './commit-journal';
import { FILE_LIST, isInside, readIfExists, readPreviousFiles, type IgnoredEntry, type PreviousFiles } from './file-list';
import { OutputError, fileStep } from './output-error';
import type { OutputFile } from './output-file';

export { FILE_LIST, readFileList, type IgnoredEntry } from './file-list';

/** What a commit changed in one output root. */
export interface CommittedRoot {
  readonly directory: string;
  /** Files moved into place: new, or changed since the previous synthesis. */
  readonly written: number;
  /** Files of this synthesis that were already there with the same content, and were left untouched. */
  readonly unchanged: number;
  readonly removed: number;
  /**
   * Entries of the previous file list that were not acted on: not a path inside the root, or reached through
   * a symbolic link out of it, or a folder now. Synthesis leaves them alone and warns (`CDK_FLEET_FILE_LIST`).
   */
  readonly ignored: readonly IgnoredEntry[];
}

/** A root's files before and after this synthesis, for comparing them (see {@link StagedOutput.files}). */
export interface RootFiles {
  /** The root folder, absolute. */
  readonly directory: string;
  /** The files the previous synthesis wrote, from its file list, each inside the root; sorted. */
  readonly previous: readonly string[];
  /** The files this synthesis writes, relative to the root; sorted. */
  readonly staged: readonly string[];
  /** Those of {@link staged} that the root already has with the same content. */
  readonly unchanged: ReadonlySet<string>;
  /** Where a staged file's new content is, until {@link StagedOutput.commit} (the root's own file if unchanged). */
  readonly stagedPath: (file: string) => string;
}

interface Root {
  readonly directory: string;
  /** The real path of the directory (links resolved), or the directory where it does not exist yet. */
  readonly realDirectory: string;
  readonly staging: string;
  /** Where a commit moves the previous versions of the files it replaces or removes, until it has succeeded. */
  readonly backup: string;
  readonly previous: PreviousFiles;
  readonly files: string[];
  readonly unchanged: Set<string>;
}

/** What a commit is going to do in one root, checked before any root is changed. */
interface RootCommit {
  readonly root: Root;
  readonly writes: readonly string[];
  readonly removals: readonly string[];
  readonly ignored: readonly IgnoredEntry[];
}

/**
 * Output staged in a folder beside each output root and moved into place only when the whole synthesis
 * succeeded: a failed synthesis leaves the previous output as it was.
 *
 * A root is not replaced wholesale: the files this synthesis wrote replace their previous versions, and the
 * files the previous synthesis wrote (listed in {@link FILE_LIST}) that no longer belong are removed. Files
 * that synthesis never wrote stay: `terraform init` leaves `.terraform/` and `.terraform.lock.hcl` next to
 * each stack, and replacing the whole folder would throw them away.
 *
 * The commit is all or nothing across every root: it first checks every root (nothing changes if a check fails),
 * then moves the previous versions aside and the new ones into place, and if any step fails it moves everything
 * back, so every root is as it was before. Nothing outside the roots is ever touched: the previous file list is
 * data read from disk, so an entry that is not a path inside its root is ignored and reported, and no file is
 * written or removed through a symbolic link that leads out of its root.
 *
 * A file {@link write}n with the content it already has in the root is not staged and not touched (nor is an
 * {@link adopt}ed one): re-synthesizing a fleet whose files mostly did not change (CI on every commit) reads them
 * instead of creating, renaming and freeing one file each, which costs far more on a disk like this project's
 * machine's (see the README's benchmark); and files that did not change keep their modification time.
 */
export class StagedOutput {
  private readonly roots = new Map<string, Root>();
  private readonly createdDirectories = new Set<string>();

  /**
   * Declares an output root, by name; its files are staged until {@link commit}. Reads the root's previous file
   * list, so a corrupt one, or a root that is a file, fails here, before anything is rendered.
   */
  public addRoot(name: string, directory: string): void {
    const resolved = path.resolve(directory);
    const stat = fileStep('read', resolved, () => fs.statSync(resolved, { throwIfNoEntry: false }));
    if (stat && !stat.isDirectory()) {
      throw new OutputError(`Could not write the output to ${resolved}: it is a file, not a folder; move it away or choose another outdir`, resolved);
    }
    const realDirectory = stat ? fs.realpathSync(resolved) : resolved;
    const previous = readPreviousFiles(resolved);
    const base = path.join(path.dirname(resolved), `.${path.basename(resolved)}`);
    const staging = `${base}.staging-${process.pid}`;
    const backup = `${base}.previous-${process.pid}`;
    removeStaleStaging(resolved);
    fileStep('remove the old staging folder', staging, () => fs.rmSync(staging, { recursive: true, force: true }));
    fileStep('create the staging folder', staging, () => fs.mkdirSync(staging, { recursive: true }));
    this.roots.set(name, { directory: resolved, realDirectory, staging, backup, previous, files: [], unchanged: new Set() });
  }

  public write(rootName: string, file: OutputFile): void {
    const root = this.root(rootName);
    const relative = checkedPath(root, file.path);
    root.files.push(relative);
    if (this.holds(root, relative, file.content)) {
      root.unchanged.add(relative);
      return;
    }
    const target = path.join(root.staging, relative);
    this.ensureDirectory(path.dirname(target));
    fileStep('write', target, () => fs.writeFileSync(target, file.content));
  }

  /** The staging folder of a root, for libraries that write their files themselves (see {@link adopt}). */
  public stagingDirectory(rootName: string): string {
    return this.root(rootName).staging;
  }

  /**
   * Takes a file that was written into the root's staging folder directly into the output; like a file
   * {@link write}n, it is left untouched where the root has it with the same content.
   */
  public adopt(rootName: string, relativePath: string): void {
    const root = this.root(rootName);
    const relative = checkedPath(root, relativePath);
    const staged = readIfExists(path.join(root.staging, relative));
    if (staged === undefined) throw new Error(`Cannot adopt ${relative}: it was not written to ${root.staging}`);
    root.files.push(relative);
    if (this.holds(root, relative, staged)) root.unchanged.add(relative);
  }

  /**
   * The previous and the staged files of a root, to compare the previous output with this one before
   * {@link commit} (e.g. a summary of what changes). Read-only: the root is not touched.
   */
  public files(rootName: string): RootFiles {
    const root = this.root(rootName);
    return {
      directory: root.directory,
      previous: [...root.previous.files].sort(),
      staged: [...new Set(root.files)].sort(),
      unchanged: new Set(root.unchanged),
      stagedPath: (file) => path.join(root.unchanged.has(file) ? root.directory : root.staging, file),
    };
  }

  /** The names of the roots, in the order they were added. */
  public get rootNames(): readonly string[] {
    return [...this.roots.keys()];
  }

  /**
   * Moves every staged file into place and removes the files of the previous synthesis that no longer belong,
   * in every root, or in none: a failed step rolls back every step before it.
   * @throws OutputError naming the path that failed and what to do; the roots are then as they were
   */
  public commit(): CommittedRoot[] {
    const commits = [...this.roots.values()].map((root) => prepare(root));
    const journal = new CommitJournal();
    try {
      for (const commit of commits) apply(commit, journal);
    } catch (e) {
      const rollbackErrors = journal.rollBack();
      throw commitFailure(e, rollbackErrors, commits.map((c) => c.root.backup));
    }
    const committed = commits.map(({ root, writes, removals, ignored }) => {
      for (const file of removals) removeEmptyParents(path.join(root.directory, file), root.directory);
      return { directory: root.directory, written: writes.length, unchanged: root.unchanged.size, removed: removals.length, ignored };
    });
    // The output is committed: a staging or backup folder that cannot be removed is only left over, and the next
    // synthesis removes stale staging folders. Say so, but do not fail a synthesis that succeeded.
    for (const error of this.removeFolders(true)) process.emitWarning(error.message, { code: 'CDK_FLEET_CLEANUP' });
    return committed;
  }

  /**
   * Throws the staged files away; the output roots are untouched. Never throws: returns the errors of removing
   * the staging folders, so that they are reported beside the error that made synthesis discard, not instead.
   */
  public discard(): Error[] {
    return this.removeFolders(false);
  }

  private removeFolders(withBackups: boolean): Error[] {
    const errors: Error[] = [];
    for (const root of this.roots.values()) {
      for (const folder of withBackups ? [root.staging, root.backup] : [root.staging]) {
        try {
          // Retries: a worker thread that took a task in the instant it was stopped may still write there (`TaskPool.stop`).
          fileStep('remove the staging folder', folder, () => fs.rmSync(folder, { recursive: true, force: true, maxRetries: 3 }));
        } catch (e) {
          errors.push(e as Error);
        }
      }
    }
    return errors;
  }

  /** Whether the root has `relative` with `content`, reached without leaving the root through a link. */
  private holds(root: Root, relative: string, content: string): boolean {
    const target = path.join(root.directory, relative);
    if (leavesRoot(root, target)) return false;
    const stat = fs.lstatSync(target, { throwIfNoEntry: false });
    return stat !== undefined && stat.isFile() && readIfExists(target) === content;
  }

  private root(name: string): Root {
    const root = this.roots.get(name);
    if (!root) throw new Error(`No output root named "${name}"`);
    return root;
  }

  private ensureDirectory(directory: string): void {
    if (this.createdDirectories.has(directory)) return;
    fileStep('create the folder', directory, () => fs.mkdirSync(directory, { recursive: true }));
    this.createdDirectories.add(directory);
  }
}

/** `relative`, normalized; throws when it is not a path inside the root (a bug of a renderer or an escape hatch). */
function checkedPath(root: Root, relative: string): string {
  const normalized = path.normalize(relative);
  if (path.isAbsolute(normalized) || !isInside(root.directory, path.resolve(root.directory, normalized)) || normalized === '.' || path.basename(normalized) === FILE_LIST) {
    throw new OutputError(`Cannot write ${JSON.stringify(relative)}: output files are paths inside ${root.directory}`, relative);
  }
  return normalized;
}

/** Checks what a commit will do in `root`, before any root changes; throws what stands in its way. */
function prepare(root: Root): RootCommit {
  const blocked: string[] = [];
  const writes = root.files.filter((f) => !root.unchanged.has(f));
  for (const file of writes) {
    const target = path.join(root.directory, file);
    if (leavesRoot(root, target)) blocked.push(`${target}: a symbolic link on the way leads out of ${root.directory}; replace the link with a folder`);
    else if (fs.lstatSync(target, { throwIfNoEntry: false })?.isDirectory()) blocked.push(`${target}: a folder stands where synthesis writes a file; move it away`);
  }
  if (blocked.length > 0) {
    throw new OutputError(`Could not commit the output, nothing was changed:\n${blocked.map((b) => `  - ${b}`).join('\n')}`, root.directory);
  }
  const current = new Set(root.files);
  const removals: string[] = [];
  const ignored = [...root.previous.ignored];
  for (const file of root.previous.files) {
    if (current.has(path.normalize(file))) continue;
    const target = path.join(root.directory, file);
    if (leavesRoot(root, target)) {
      ignored.push({ entry: file, reason: 'reached through a symbolic link out of the folder' });
      continue;
    }
    const stat = fs.lstatSync(target, { throwIfNoEntry: false });
    if (stat?.isDirectory()) ignored.push({ entry: file, reason: 'a folder now' });
    else if (stat) removals.push(path.normalize(file));
  }
  return { root, writes, removals, ignored };
}

/** Commits one root, every step recorded in `journal`. */
function apply({ root, writes, removals }: RootCommit, journal: CommitJournal): void {
  const aside = (file: string) => {
    const target = path.join(root.directory, file);
    if (exists(target)) journal.move(target, path.join(root.backup, file), 'move aside the previous version of', target);
  };
  for (const file of writes) {
    aside(file);
    journal.move(path.join(root.staging, file), path.join(root.directory, file), 'move into place', path.join(root.directory, file));
  }
  for (const file of removals) aside(file);
  const list = path.join(root.staging, FILE_LIST);
  fileStep('write', list, () => fs.writeFileSync(list, `${JSON.stringify([...new Set(root.files)].sort(), null, 2)}\n`));
  aside(FILE_LIST);
  journal.move(list, path.join(root.directory, FILE_LIST), 'write the file list', path.join(root.directory, FILE_LIST));
}

function commitFailure(error: unknown, rollbackErrors: readonly Error[], backups: readonly string[]): Error {
  const cause = error instanceof Error ? error : new Error(String(error));
  const pathOf = cause instanceof OutputError ? cause.path : '';
  if (rollbackErrors.length === 0) {
    return new OutputError(`${cause.message}. Nothing was changed: every output folder is as it was before this synthesis`, pathOf, { cause });
  }
  return new OutputError(
    `${cause.message}. Putting the previous output back failed too:\n${rollbackErrors.map((e) => `  - ${e.message}`).join('\n')}\n`
    + `The previous versions of the files not put back are in ${backups.filter(exists).join(', ')}`,
    pathOf,
    { cause },
  );
}

/**
 * Whether `target`, inside the root by its name, is reached through a symbolic link that leads out of the root:
 * the nearest existing folder above it must resolve inside the root's real path. Links that stay inside are fine.
 */
function leavesRoot(root: Root, target: string): boolean {
  for (let dir = path.dirname(target); isInside(root.directory, dir) && dir !== root.directory; dir = path.dirname(dir)) {
    let real: string;
    try {
      real = fs.realpathSync(dir);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') continue;
      throw e;
    }
    return !isInside(root.realDirectory, real);
  }
  return false;
}

function removeEmptyParents(file: string, root: string): void {
  for (let dir = path.dirname(file); isInside(root, dir) && dir !== root; dir = path.dirname(dir)) {
    try {
      fs.rmdirSync(dir);
    } catch {
      return; // not empty: it holds other output, or the user's files
    }
  }
}

/**
 * Removes staging folders left by synthesis processes that died before they could clean up. Backup folders
 * (`.<root>.previous-<pid>`) of a process that died during a commit hold the previous versions of the files it
 * had replaced: they are left for the user, never removed.
 */
function removeStaleStaging(directory: string): void {
  const parent = path.dirname(directory);
  const prefix = `.${path.basename(directory)}.staging-`;
  let entries: string[];
  try {
    entries = fs.readdirSync(parent);
  } catch {
    return;
  }
  for (const entry of entries) {
    if (!entry.startsWith(prefix)) continue;
    const pid = Number(entry.slice(prefix.length));
    if (pid !== process.pid && !isAlive(pid)) fs.rmSync(path.join(parent, entry), { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
