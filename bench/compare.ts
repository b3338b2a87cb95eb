/*
 * Two builds of the library on one machine, interleaved: each round synthesizes the synthetic fleet once with
 * each build, in a fresh process and a new folder, so both meet the same machine state. Prints, per build, the
 * median wall time and the counts read from the output: Terraform resources, and the load balancers a month bills.
 *
 * Usage: node build/bench/compare.js <other project root, built> <clusters> <apps> [<rounds>]
 * e.g.   git worktree add /tmp/before <commit> && (cd /tmp/before && npm ci && npx tsc)
 *        node build/bench/compare.js /tmp/before 100 50 5
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

interface Counts {
  readonly terraformResources: number;
  /** AWS load balancers by type (`application`, `network`), and Google global forwarding rules. */
  readonly loadBalancers: Readonly<Record<string, number>>;
}

function countsOf(outdir: string): Counts {
  let terraformResources = 0;
  const loadBalancers: Record<string, number> = {};
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === 'cdk.tf.json') {
        const resources = JSON.parse(fs.readFileSync(full, 'utf8')).resource ?? {};
        for (const byId of Object.values<Record<string, unknown>>(resources)) terraformResources += Object.keys(byId).length;
        for (const lb of Object.values<{ load_balancer_type?: string }>(resources.aws_lb ?? {})) {
          const type = `aws ${lb.load_balancer_type ?? 'application'}`;
          loadBalancers[type] = (loadBalancers[type] ?? 0) + 1;
        }
        const rules = Object.keys(resources.google_compute_global_forwarding_rule ?? {}).length;
        if (rules > 0) loadBalancers['google forwarding rule'] = (loadBalancers['google forwarding rule'] ?? 0) + rules;
      }
    }
  };
  walk(outdir);
  return { terraformResources, loadBalancers };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function main(): void {
  const [otherRoot, clustersArg, appsArg, roundsArg] = process.argv.slice(2);
  if (!otherRoot || !clustersArg || !appsArg) throw new Error('usage: node build/bench/compare.js <other project root, built> <clusters> <apps> [<rounds>]');
  const roots = { other: path.resolve(otherRoot), this: path.resolve(__dirname, '..', '..') };
  const rounds = Number(roundsArg ?? 3);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-fleet-compare-'));
  const times: Record<string, number[]> = { other: [], this: [] };
  const counts: Record<string, Counts> = {};
  for (let round = 0; round < rounds; round++) {
    for (const [label, root] of Object.entries(roots)) {
      const outdir = path.join(work, `${label}-${round}`);
      const started = process.hrtime.bigint();
      execFileSync(process.execPath, [path.join(root, 'build', 'bench', 'synth-once.js'), clustersArg, appsArg, outdir], { stdio: ['ignore', 'ignore', 'inherit'] });
      times[label].push(Number(process.hrtime.bigint() - started) / 1e9);
      counts[label] ??= countsOf(outdir);
    }
  }
  // Folders are deleted at the end only: deleting many files slows the next ones' creation on some disks.
  fs.rmSync(work, { recursive: true, force: true });
  for (const [label, root] of Object.entries(roots)) {
    const c = counts[label];
    const lbs = Object.entries(c.loadBalancers).map(([type, n]) => `${n} ${type}`).join(', ');
    console.log(`${label} (${root}): ${clustersArg}x${appsArg}, wall median ${median(times[label]).toFixed(2)} s of ${times[label].map((t) => t.toFixed(2)).join(', ')}; ${c.terraformResources} Terraform resources; load balancers: ${lbs}`);
  }
}

main();
