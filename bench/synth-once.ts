/*
 * One benchmark run, in a fresh process: synthesizes a synthetic fleet into a folder and prints what it did as JSON.
 * Usage: node build/bench/synth-once.js <clusters> <apps> <outdir> [<Terraform workers>]
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { synth } from '../lib';
import { syntheticFleet } from './synthetic-fleet';

function main(): void {
  const [clusters, apps] = process.argv.slice(2, 4).map(Number);
  const outdir = process.argv[4];
  const workers = process.argv[5] === undefined ? undefined : Number(process.argv[5]);
  const result = synth(syntheticFleet(clusters, apps), { outdir, ...(workers === undefined ? {} : { terraform: { workers } }) });
  const rssMiB = process.resourceUsage().maxRSS / 1024;
  // Counted after the measured work, from the files written.
  let manifests = 0;
  let terraformResources = 0;
  let bytes = 0;
  let files = 0;
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(full);
        continue;
      }
      const content = fs.readFileSync(full, 'utf8');
      files++;
      bytes += Buffer.byteLength(content);
      if (entry.name.endsWith('.yaml')) manifests += content.split(/^---$/m).length;
      if (entry.name === 'cdk.tf.json') {
        for (const byType of Object.values<Record<string, unknown>>(JSON.parse(content).resource ?? {})) terraformResources += Object.keys(byType).length;
      }
    }
  };
  walk(outdir);
  process.stdout.write(`${JSON.stringify({ durations: result.durations, rssMiB, manifests, terraformResources, files, bytes })}\n`);
}

main();
