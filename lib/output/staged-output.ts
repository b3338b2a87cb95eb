import * as fs from 'node:fs';
import * as path from 'node:path';
import type { OutputFile } from './output-file';

/** The file, in each output root, that lists the files synthesis wrote there. */
export const FILE_LIST = '.cdk-fleet-files.json';

/** What a commit changed in one output root. */
export interface CommittedRoot {
  readonly directory: string;
  /** Files moved into place: new, or changed since the previous synthesis. */
  readonly written: number;
  /** Files of this synthesis that were already there with the same content, and were left untouched. */
  readonly unchanged: number;
  readonly removed: number;
}

/** A file that a commit would add, change or remove; see {@link StagedOutput.pendingChanges}. */
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
  readonly name: string;
  readonly directory: string;
  /** Whether a previous synthesis wrote this root (its file list exists). */
  readonly hadPreviousOutput: boolean;
  readonly files: readonly PendingFile[];
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
 * A file {@link write}n with the content it already has in the root is not staged and not touched (nor is an
 * {@link adopt}ed one): re-synthesizing a fleet whose files mostly did not change (CI on every commit) reads them
 * instead of creating, renaming and freeing one file each, which costs far more on a disk like this project's
 * machine's (see the README's benchmark); and files that did not change keep their modification time.
 */
export class StagedOutput {
  private readonly roots = new Map<string, { directory: string; staging: string; files: string[]; unchanged: Set<string> }>();
  private readonly createdDirectories = new Set<string>();

  /** Declares an output root, by name; its files are staged until {@link commit}. */
  public addRoot(name: string, directory: string): void {
    const resolved = path.resolve(directory);
    const staging = path.join(path.dirname(resolved), `.${path.basename(resolved)}.staging-${process.pid}`);
    removeStaleStaging(resolved);
    fs.rmSync(staging, { recursive: true, force: true });
    fs.mkdirSync(staging, { recursive: true });
    this.roots.set(name, { directory: resolved, staging, files: [], unchanged: new Set() });
  }

  public write(rootName: string, file: OutputFile): void {
    const root = this.root(rootName);
    root.files.push(file.path);
    if (readIfExists(path.join(root.directory, file.path)) === file.content) {
      root.unchanged.add(file.path);
      return;
    }
    const target = path.join(root.staging, file.path);
    this.ensureDirectory(path.dirname(target));
    fs.writeFileSync(target, file.content);
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
    const staged = readIfExists(path.join(root.staging, relativePath));
    if (staged === undefined) throw new Error(`Cannot adopt ${relativePath}: it was not written to ${root.staging}`);
    root.files.push(relativePath);
    if (readIfExists(path.join(root.directory, relativePath)) === staged) root.unchanged.add(relativePath);
  }

  /**
   * What {@link commit} would change, read before it: per root, each file that is new, changed or no longer
   * belongs, with its previous and staged content. Files left untouched are not read. For the change summary
   * (`lib/review/`), which needs both versions and so must run before the commit replaces the previous one.
   */
  public pendingChanges(): PendingRoot[] {
    return [...this.roots].map(([name, root]) => {
      const listed = readIfExists(path.join(root.directory, FILE_LIST)) !== undefined;
      const current = new Set(root.files);
      const files: PendingFile[] = [];
      for (const file of root.files) {
        if (root.unchanged.has(file)) continue;
        const before = readIfExists(path.join(root.directory, file));
        files.push({ path: file, ...(before !== undefined ? { before } : {}), after: fs.readFileSync(path.join(root.staging, file), 'utf8') });
      }
      for (const file of readFileList(root.directory)) {
        if (current.has(file)) continue;
        const before = readIfExists(path.join(root.directory, file));
        files.push({ path: file, ...(before !== undefined ? { before } : {}) });
      }
      return { name, directory: root.directory, hadPreviousOutput: listed, files };
    });
  }

  /** Moves every staged file into place and removes the files of the previous synthesis that no longer belong. */
  public commit(): CommittedRoot[] {
    const committed: CommittedRoot[] = [];
    for (const root of this.roots.values()) {
      const previous = readFileList(root.directory);
      const current = new Set(root.files);
      for (const file of root.files) {
        if (root.unchanged.has(file)) continue;
        const target = path.join(root.directory, file);
        this.ensureDirectory(path.dirname(target));
        fs.renameSync(path.join(root.staging, file), target);
      }
      let removed = 0;
      for (const file of previous) {
        if (current.has(file)) continue;
        fs.rmSync(path.join(root.directory, file), { force: true });
        removeEmptyParents(path.join(root.directory, file), root.directory);
        removed++;
      }
      fs.mkdirSync(root.directory, { recursive: true });
      fs.writeFileSync(path.join(root.directory, FILE_LIST), `${JSON.stringify([...current].sort(), null, 2)}\n`);
      fs.rmSync(root.staging, { recursive: true, force: true });
      committed.push({ directory: root.directory, written: root.files.length - root.unchanged.size, unchanged: root.unchanged.size, removed });
    }
    return committed;
  }

  /** Throws the staged files away; the output roots are untouched. */
  public discard(): void {
    // Retries: a worker thread that took a task in the instant it was stopped may still write there (`TaskPool.stop`).
    for (const root of this.roots.values()) fs.rmSync(root.staging, { recursive: true, force: true, maxRetries: 3 });
  }

  private root(name: string) {
    const root = this.roots.get(name);
    if (!root) throw new Error(`No output root named "${name}"`);
    return root;
  }

  private ensureDirectory(directory: string): void {
    if (this.createdDirectories.has(directory)) return;
    fs.mkdirSync(directory, { recursive: true });
    this.createdDirectories.add(directory);
  }
}

/** The content of `file`, or `undefined` where there is none. */
function readIfExists(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return undefined;
    throw e;
  }
}

/** The files the previous synthesis wrote under `directory`. */
export function readFileList(directory: string): string[] {
  const list = readIfExists(path.join(directory, FILE_LIST));
  return list === undefined ? [] : (JSON.parse(list) as string[]);
}

function removeEmptyParents(file: string, root: string): void {
  for (let dir = path.dirname(file); dir.startsWith(root) && dir !== root; dir = path.dirname(dir)) {
    try {
      fs.rmdirSync(dir);
    } catch {
      return; // not empty: it holds other output, or the user's files
    }
  }
}

/** Removes staging folders left by synthesis processes that died before they could clean up. */
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
