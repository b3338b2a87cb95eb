import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { renderKubernetes, type FleetPlan } from '../lib/internal';

/**
 * The same fleet as a Kustomize user would keep it: one base per app (its objects, with the namespace) and one
 * overlay per cluster that includes every app placed there and patches what differs (replicas, image, env) with
 * JSON 6902 patches. Returns the folder of the overlays.
 */
export function writeKustomizeLayout(plan: FleetPlan, dir: string): string {
  const baseFiles = new Map<string, string>();
  for (const file of renderKubernetes(plan)) {
    const [cluster, name] = file.path.split('/');
    const app = name.replace(/^app-/, '').replace(/\.yaml$/, '');
    if (name.startsWith('app-') && !baseFiles.has(app)) baseFiles.set(app, file.content);
    void cluster;
  }
  for (const app of plan.apps) {
    const base = path.join(dir, 'base', app.name);
    fs.mkdirSync(base, { recursive: true });
    const namespace = `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${app.namespace}\n  labels:\n    pod-security.kubernetes.io/enforce: restricted\n---\n`;
    fs.writeFileSync(path.join(base, 'manifests.yaml'), namespace + baseFiles.get(app.name));
    fs.writeFileSync(path.join(base, 'kustomization.yaml'), 'resources:\n  - manifests.yaml\n');
  }
  for (const cluster of plan.clusters) {
    const overlay = path.join(dir, 'clusters', cluster.name);
    fs.mkdirSync(overlay, { recursive: true });
    const workloads = plan.workloadsOn(cluster.name);
    const lines = ['resources:', ...workloads.map((w) => `  - ../../base/${w.app.name}`), 'patches:'];
    for (const w of workloads) {
      const env = JSON.stringify(w.env);
      lines.push(
        `  - target: { kind: Deployment, name: ${w.app.name} }`,
        '    patch: |-',
        `      - { op: replace, path: /spec/replicas, value: ${w.replicas} }`,
        `      - { op: replace, path: /spec/template/spec/containers/0/image, value: "${w.image}" }`,
        `      - { op: replace, path: /spec/template/spec/containers/0/env, value: ${env} }`,
      );
    }
    fs.writeFileSync(path.join(overlay, 'kustomization.yaml'), `${lines.join('\n')}\n`);
  }
  return path.join(dir, 'clusters');
}

/** Renders every overlay with `kubectl kustomize`, cluster by cluster; returns the wall time and manifests written. */
export function renderWithKustomize(overlays: string, outdir: string): { ms: number; manifests: number } {
  fs.mkdirSync(outdir, { recursive: true });
  const clusters = fs.readdirSync(overlays).sort();
  const started = performance.now();
  for (const cluster of clusters) {
    execFileSync('kubectl', ['kustomize', path.join(overlays, cluster), '-o', path.join(outdir, `${cluster}.yaml`)], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const ms = performance.now() - started;
  const manifests = clusters.reduce((n, c) => n + fs.readFileSync(path.join(outdir, `${c}.yaml`), 'utf8').split(/^---$/m).length, 0);
  return { ms, manifests };
}
