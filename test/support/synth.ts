import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { synth, type Fleet, type SynthOptions } from '../../lib';

const tempDirs: string[] = [];
process.on('exit', () => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** A fresh temporary folder, removed when the test process exits. */
export function tempDir(prefix = 'cdk-fleet-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

/** Every file under `dir`, by path relative to it, with its content (a symbolic link: where it points). */
export function readTree(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (sub: string) => {
    for (const entry of fs.readdirSync(path.join(dir, sub), { withFileTypes: true })) {
      const rel = path.join(sub, entry.name);
      if (entry.isDirectory()) walk(rel);
      else if (entry.isSymbolicLink()) files.set(rel, `symbolic link to ${fs.readlinkSync(path.join(dir, rel))}`);
      else files.set(rel, fs.readFileSync(path.join(dir, rel), 'utf8'));
    }
  };
  if (fs.existsSync(dir)) walk('');
  return new Map([...files].sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** Synthesizes `fleet` into a new temporary folder and returns it with every file written. */
export function synthToTemp(fleet: Fleet, options: Omit<SynthOptions, 'outdir'> = {}): { outdir: string; files: Map<string, string> } {
  const outdir = tempDir();
  synth(fleet, { ...options, outdir });
  return { outdir, files: readTree(outdir) };
}

export type Manifest = Record<string, any>;

/** The documents of a YAML file. */
export function parseManifests(content: string): Manifest[] {
  return parseAllDocuments(content).map((d) => d.toJS() as Manifest);
}

/** Every manifest of one cluster's folder, in apply order. */
export function clusterManifests(files: Map<string, string>, cluster: string): Manifest[] {
  const prefix = path.join('kubernetes', cluster) + path.sep;
  return [...files].filter(([p]) => p.startsWith(prefix) && p.endsWith('.yaml')).flatMap(([, c]) => parseManifests(c));
}

/** The manifest of `kind` named `name` in a cluster. */
export function find(manifests: Manifest[], kind: string, name: string): Manifest {
  const found = manifests.find((m) => m.kind === kind && m.metadata?.name === name);
  if (!found) throw new Error(`no ${kind} ${name} among ${manifests.map((m) => `${m.kind}/${m.metadata?.name}`).join(', ')}`);
  return found;
}
