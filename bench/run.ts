/*
 * `npm run bench`: synthesizes synthetic fleets (clusters x apps, both clouds, overrides on every fifth
 * cluster), each run in a fresh process into a new folder, then once more into a folder that holds the same
 * output, and renders the same fleets with `kubectl kustomize` as the peer.
 * Prints a table and writes it as JSON to bench/results.json.
 *
 * Options: --runs <n> (runs per fleet; default 5 for small fleets, 3 for large ones),
 *          --sizes 4x1,20x10,... (default 4x1,20x10,100x50,200x100),
 *          --kustomize-max <clusters x apps> (largest fleet the peer renders; default 5000: at 200x100 Kustomize
 *          alone takes minutes).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { renderWithKustomize, writeKustomizeLayout } from './kustomize-peer';
import { syntheticFleet } from './synthetic-fleet';

interface RunResult {
  readonly wallMs: number;
  readonly durations: Record<string, number>;
  readonly rssMiB: number;
  readonly manifests: number;
  readonly terraformResources: number;
  readonly files: number;
  readonly bytes: number;
}

const ROOT = path.join(__dirname, '..', '..');

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Wall time of a command, from spawn to exit: what a user waits for. */
function timeCommand(command: string, args: readonly string[], cwd = ROOT): { ms: number; stdout: string } {
  const started = performance.now();
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const ms = performance.now() - started;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${result.stderr}`);
  return { ms, stdout: result.stdout };
}

/**
 * Every run writes into a folder of its own, and the folders are removed only when every measurement is done.
 * On this project's machine (ext4 mounted with `discard`), creating files after a large tree was deleted is
 * several times slower, for tens of seconds, than on a disk with no deletion pending (100 clusters x 50 apps: the
 * Kubernetes part took 4.2 s 20 s after the previous run's output was deleted and synced, 2.3 s with no deletion
 * before it): deleting between runs measured the previous run's deletion. A synthesis in CI, into a fresh clone,
 * has none pending either. `sync` between runs still gives each run the same clean page cache.
 */
const leftovers: string[] = [];

function runFolder(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  leftovers.push(dir);
  return dir;
}

function settle(): void {
  execFileSync('sync');
}

function removeLeftovers(): void {
  for (const dir of leftovers) fs.rmSync(dir, { recursive: true, force: true });
}

function runSynth(clusters: number, apps: number): RunResult {
  const outdir = runFolder('cdk-fleet-bench-');
  const { ms, stdout } = timeCommand(process.execPath, [path.join(ROOT, 'build', 'bench', 'synth-once.js'), String(clusters), String(apps), outdir]);
  settle();
  return { wallMs: ms, ...JSON.parse(stdout) };
}

/** Wall time of a synthesis into a folder that already holds the same fleet's output: CI on a commit that changed nothing. */
function runResynth(clusters: number, apps: number): number {
  const outdir = runFolder('cdk-fleet-bench-');
  const once = () => timeCommand(process.execPath, [path.join(ROOT, 'build', 'bench', 'synth-once.js'), String(clusters), String(apps), outdir]).ms;
  once();
  settle();
  const ms = once();
  settle();
  return ms;
}

function runDefaultFleet(command: string, args: string[]): number {
  const outdir = runFolder('cdk-fleet-bench-');
  const { ms } = timeCommand(command, [...args, '--outdir', outdir]);
  settle();
  return ms;
}

function main(): void {
  try {
    measure();
  } finally {
    removeLeftovers();
  }
}

function measure(): void {
  const sizes = (option('sizes') ?? '4x1,20x10,100x50,200x100').split(',').map((s) => s.split('x').map(Number) as [number, number]);
  const runsOption = option('runs');
  const kustomizeMax = Number(option('kustomize-max') ?? 5000);
  const machine = `${os.cpus().length} x ${os.cpus()[0]?.model.trim()}, node ${process.version}`;
  console.log(`cdk-fleet benchmark on ${machine}\n`);

  const defaultRuns = Number(runsOption ?? 5);
  const npmSynth = Array.from({ length: defaultRuns }, () => runDefaultFleet('npm', ['run', '-s', 'synth', '--']));
  const nodeSynth = Array.from({ length: defaultRuns }, () => runDefaultFleet(process.execPath, [path.join(ROOT, 'build', 'main.js')]));
  console.log(`default fleet (main.ts), ${defaultRuns} runs: \`npm run synth\` ${(median(npmSynth) / 1000).toFixed(2)} s, \`node build/main.js\` ${(median(nodeSynth) / 1000).toFixed(2)} s (median wall)\n`);

  const rows = [];
  for (const [clusters, apps] of sizes) {
    const runs = Number(runsOption ?? (clusters * apps >= 5000 ? 3 : 5));
    const results = Array.from({ length: runs }, () => runSynth(clusters, apps));
    const phase = (name: string) => median(results.map((r) => r.durations[name] ?? 0));
    const resynthMs = runResynth(clusters, apps);
    let kustomize: { ms: number; manifests: number } | undefined;
    if (clusters * apps <= kustomizeMax) {
      const dir = runFolder('cdk-fleet-kustomize-');
      const overlays = writeKustomizeLayout(syntheticFleet(clusters, apps).plan(), dir);
      settle();
      kustomize = renderWithKustomize(overlays, path.join(dir, 'out'));
      settle();
    }
    const kubernetesMs = phase('plan') + phase('kubernetes');
    const row = {
      fleet: `${clusters}x${apps}`,
      runs,
      wallS: median(results.map((r) => r.wallMs)) / 1000,
      resynthS: resynthMs / 1000,
      kubernetesS: kubernetesMs / 1000,
      terraformS: phase('terraform') / 1000,
      peakRssMiB: median(results.map((r) => r.rssMiB)),
      manifests: results[0].manifests,
      terraformResources: results[0].terraformResources,
      mbWritten: results[0].bytes / 1e6,
      kustomizeS: kustomize ? kustomize.ms / 1000 : undefined,
      kustomizeManifests: kustomize?.manifests,
      kustomizeRatio: kustomize ? kustomize.ms / kubernetesMs : undefined,
    };
    rows.push(row);
    console.log(JSON.stringify(row));
  }

  const header = '| fleet (clusters x apps) | full synth, wall (median) | again, output unchanged | Kubernetes part | Terraform part after it | peak RSS | manifests | Terraform resources | written | kubectl kustomize (Kubernetes only) | Kustomize / ours |';
  const table = [header, '|---|---|---|---|---|---|---|---|---|---|---|', ...rows.map((r) => `| ${r.fleet} | ${r.wallS.toFixed(2)} s | ${r.resynthS.toFixed(2)} s | ${r.kubernetesS.toFixed(2)} s | ${r.terraformS.toFixed(2)} s | ${r.peakRssMiB.toFixed(0)} MiB | ${r.manifests} | ${r.terraformResources} | ${r.mbWritten.toFixed(1)} MB | ${r.kustomizeS !== undefined ? `${r.kustomizeS.toFixed(1)} s` : 'not run'} | ${r.kustomizeRatio !== undefined ? `${r.kustomizeRatio.toFixed(0)}x` : '-'} |`)];
  console.log(`\n${table.join('\n')}`);
  const results = {
    machine,
    kubectl: execFileSync('kubectl', ['version', '--client', '-o', 'json'], { encoding: 'utf8' }).match(/"kustomizeVersion":\s*"([^"]+)"/)?.[1],
    defaultFleet: { npmRunSynthS: median(npmSynth) / 1000, nodeBuildMainS: median(nodeSynth) / 1000, runs: defaultRuns },
    fleets: rows,
  };
  fs.writeFileSync(path.join(ROOT, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log('\nwritten to bench/results.json');
}

main();
